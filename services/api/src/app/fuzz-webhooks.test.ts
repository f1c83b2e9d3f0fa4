import fc from "fast-check";
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentModel } from "../auth/agent.model.js";
import { CallEntryModel } from "../calls/call-entry.model.js";
import { CallStatus } from "../calls/call.enums.js";
import { SmsEntryModel } from "../sms/sms-entry.model.js";
import { SmsStatus } from "../sms/sms.enums.js";
import { WebhookPath, webhookUrl } from "../twilio/webhook-paths.js";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, postSigned, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { expectHealthy, hostilePhone, hostileString, longString, runs, show, snapshot, tallyOutcomes } from "../../test/fuzz.js";

/**
 * Property tests of every Twilio webhook: each form field a handler reads, and each query parameter of the callback
 * URLs, replaced by hostile text, correctly signed (and now and then unsigned or signed for another URL). Whatever
 * arrives, the answer is below 500 (Twilio treats a 5xx as a failure and retries it), the server still answers, a
 * refusal (4xx) stored nothing, and what an accepted webhook stored reads back through the API without an error.
 */

type Form = Record<string, string>;
/** The entry, SIDs and numbers one run is about: fresh for each run, so every run can move something forward. */
type Target = { entryId: string; callSid: string; messageSid: string; recordingSid: string };

interface WebhookCase {
  /** Makes what the webhook is about (an SMS sent, a call ringing). */
  target?: () => Promise<Partial<Target>>;
  /** What Twilio sends for that target. */
  form: (t: Target) => Form;
  query?: (t: Target) => Form;
  /** The fields the handler reads, each with what may arrive in it; `?name` is a query parameter. */
  hostile: Record<string, fc.Arbitrary<string>>;
  numRuns: number;
  /** Checks an accepted webhook: what was stored is what was sent. */
  accepted?: (form: Form) => Promise<void>;
}

// eslint-disable-next-line no-control-regex -- the characters the webhook router strips
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

let seq = 0;
const sid = (prefix: string) => `${prefix}${(Date.now().toString(16) + String(++seq).padStart(8, "0")).padStart(32, "0")}`;

/** Text where numbers belong, in the forms that break Number(): overflow, exponents, hex, NaN. */
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom("", " 5 ", "-1", "0", "1.5", "1e20", "1e400", "1e308", "2147483648", "99999999999999999999", "0x10", "NaN", "Infinity", "-0", "١٢"),
);
const sidText = fc.oneof(fc.stringMatching(/^(SM|MM|CA|RE|AC)[0-9a-fA-F]{32}$/), fc.stringMatching(/^[A-Z]{2}[0-9a-f]{0,40}$/));
const urlText = fc.oneof(
  fc.webUrl(),
  fc.constantFrom("javascript:alert(1)", "http://", "https:// x", "file:///etc/passwd", "https://example.com/a.mp3"),
);
const phoneText = hostilePhone.map((p) => (typeof p === "string" ? p : JSON.stringify(p)));
/** Anything at all, and what fits the field's kind. */
const text = (kind?: fc.Arbitrary<string>) =>
  kind ? fc.oneof({ arbitrary: hostileString, weight: 2 }, { arbitrary: kind, weight: 3 }) : hostileString;
const statusText = (statuses: string[]) =>
  text(fc.constantFrom(...statuses, ...statuses.map((s) => s.toUpperCase()), "constructor", "__proto__", "toString"));

describe("fuzzing every Twilio webhook: hostile fields, correctly signed, get a 4xx or a 200 and never a 5xx", () => {
  let app: TestApp;
  let twilio: TestTwilio;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let number: string;
  let customerId: Types.ObjectId;
  const CUSTOMER = "+15146300808";

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    app = await startTestApp({ file: import.meta.filename, twilio });
    tenant = await createTenant("Webhook fuzz");
    await AgentModel.updateOne({ _id: tenant.agent._id }, { $set: { phone: "+15146300100" } });
    number = await addSmsNumber(tenant.accountId);
    customerId = (await addCustomer(tenant.accountId, CUSTOMER, "Fuzz Customer"))._id;
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });

  const entryFields = () => ({
    account_id: tenant.accountId,
    customer_id: customerId,
    customer_phone_number: CUSTOMER,
    talkdesk_phone_number: number,
    created_at: new Date(),
  });
  const sentSms = async () => {
    const messageSid = sid("SM");
    const entry = await SmsEntryModel.create({
      ...entryFields(),
      body: "on my way",
      direction: "outbound-api",
      status: SmsStatus.QUEUED,
      message_sid: messageSid,
    });
    return { entryId: String(entry._id), messageSid };
  };
  const call = (direction: "inbound" | "outbound-api", status: CallStatus) => async () => {
    const callSid = sid("CA");
    const entry = await CallEntryModel.create({ ...entryFields(), direction, status, callsid: callSid });
    return { entryId: String(entry._id), callSid };
  };
  const base = (t: Target) => ({ AccountSid: twilio.accountSid, ...(t.callSid ? { CallSid: t.callSid } : {}) });
  const entryId = text(fc.oneof(fc.stringMatching(/^[0-9a-f]{24}$/), fc.constantFrom("aaaaaaaaaaaa", "000000000000000000000000", "")));
  const accountSid = text(fc.constantFrom(`AC${"2".repeat(32)}`, "AC", ""));

  const CASES: Record<keyof typeof WebhookPath, WebhookCase> = {
    incomingSms: {
      target: async () => ({ messageSid: sid("SM") }),
      form: (t) => ({
        AccountSid: twilio.accountSid,
        MessageSid: t.messageSid,
        SmsSid: t.messageSid,
        From: CUSTOMER,
        To: number,
        Body: "hello",
        NumMedia: "0",
      }),
      hostile: {
        AccountSid: accountSid,
        MessageSid: text(sidText),
        SmsSid: text(sidText),
        From: text(phoneText),
        To: text(phoneText),
        Body: text(fc.constantFrom("STOP", "start", "HELP", longString(100_000, "é"))),
        NumMedia: text(numberText),
        NumSegments: text(numberText),
        MediaUrl0: text(urlText),
        MediaContentType0: text(fc.constantFrom("image/png", "text/html", "")),
        OptOutType: statusText(["STOP", "START", "HELP"]),
      },
      numRuns: 40,
      // The body as sent, without the control characters the router strips (NUL cannot be stored), lone surrogates as U+FFFD.
      accepted: async (form) => {
        const stored = await SmsEntryModel.findOne({ message_sid: form.MessageSid.trim() }).lean();
        expect(stored?.body).toBe(Buffer.from((form.Body ?? "").replace(CONTROL, ""), "utf8").toString("utf8"));
      },
    },
    messageStatus: {
      target: sentSms,
      form: (t) => ({
        AccountSid: twilio.accountSid,
        MessageSid: t.messageSid,
        SmsSid: t.messageSid,
        MessageStatus: "delivered",
        SmsStatus: "delivered",
      }),
      query: (t) => ({ entryId: t.entryId }),
      hostile: {
        AccountSid: accountSid,
        MessageSid: text(sidText),
        MessageStatus: statusText(Object.values(SmsStatus)),
        SmsStatus: statusText(Object.values(SmsStatus)),
        ErrorCode: text(numberText),
        "?entryId": entryId,
      },
      numRuns: 35,
    },
    incomingCall: {
      target: async () => ({ callSid: sid("CA") }),
      form: (t) => ({ ...base(t), From: CUSTOMER, To: number, CallStatus: "ringing" }),
      hostile: {
        AccountSid: accountSid,
        CallSid: text(sidText),
        From: text(phoneText),
        To: text(phoneText),
        CallStatus: statusText(Object.values(CallStatus)),
      },
      numRuns: 25,
    },
    agentAnswered: {
      target: call("outbound-api", CallStatus.RINGING),
      form: (t) => ({ ...base(t), CallStatus: "in-progress" }),
      query: (t) => ({ entryId: t.entryId }),
      hostile: { AccountSid: accountSid, CallSid: text(sidText), "?entryId": entryId },
      numRuns: 20,
    },
    callStatus: {
      target: call("outbound-api", CallStatus.QUEUED),
      form: (t) => ({ ...base(t), CallStatus: "completed", CallDuration: "42" }),
      query: (t) => ({ entryId: t.entryId, leg: "agent" }),
      hostile: {
        AccountSid: accountSid,
        CallSid: text(sidText),
        CallStatus: statusText(Object.values(CallStatus)),
        CallDuration: text(numberText),
        "?entryId": entryId,
        "?leg": text(fc.constantFrom("agent", "customer", "AGENT")),
      },
      numRuns: 35,
    },
    dialStatus: {
      target: call("inbound", CallStatus.RINGING),
      form: (t) => ({ ...base(t), DialCallStatus: "completed", DialCallSid: sid("CA"), DialCallDuration: "30" }),
      query: (t) => ({ entryId: t.entryId }),
      hostile: {
        AccountSid: accountSid,
        DialCallStatus: statusText(["completed", "answered", "busy", "no-answer", "failed", "canceled"]),
        DialCallSid: text(sidText),
        DialCallDuration: text(numberText),
        "?entryId": entryId,
      },
      numRuns: 30,
    },
    recording: {
      target: async () => ({ ...(await call("inbound", CallStatus.NO_ANSWER)()), recordingSid: sid("RE") }),
      form: (t) => ({
        ...base(t),
        RecordingStatus: "completed",
        RecordingSid: t.recordingSid,
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${twilio.accountSid}/Recordings/${t.recordingSid}`,
        RecordingDuration: "17",
      }),
      query: (t) => ({ entryId: t.entryId }),
      hostile: {
        AccountSid: accountSid,
        CallSid: text(sidText),
        RecordingStatus: statusText(["completed", "failed", "absent"]),
        RecordingSid: text(sidText),
        RecordingUrl: text(urlText),
        RecordingDuration: text(numberText),
        "?entryId": entryId,
      },
      numRuns: 30,
    },
    recorded: {
      target: call("inbound", CallStatus.NO_ANSWER),
      form: (t) => ({ ...base(t), RecordingUrl: "https://api.twilio.com/recording", RecordingDuration: "5", Digits: "hangup" }),
      query: (t) => ({ entryId: t.entryId }),
      hostile: { AccountSid: accountSid, CallSid: text(sidText), Digits: text(), RecordingDuration: text(numberText), "?entryId": entryId },
      numRuns: 10,
    },
  };

  const COLLECTIONS = ["contacts", "contact_phone_numbers", "entries"];

  /** What an accepted webhook stored must read back through the API: the target, and the newest conversations. */
  const READ_BACK = `query($id: ID!) {
    entry(id: $id) { __typename ... on SmsEntry { body smsStatus: status segments errorCode errorMessage media { url contentType } }
      ... on CallEntry { callStatus: status duration errorCode errorMessage } ... on VoicemailEntry { duration record } }
    conversations(first: 5) { edges { node { name unreadCount smsOptedOut lastMessage { preview }
      timeline(first: 5) { edges { node { __typename ... on SmsEntry { body segments errorCode smsStatus: status }
        ... on CallEntry { callStatus: status duration errorCode } ... on VoicemailEntry { duration record } } } } } } } }`;
  const expectReadable = async (entryId: string | undefined) => {
    const { errors } = await app.gql(
      READ_BACK,
      { id: entryId && /^[0-9a-f]{24}$/.test(entryId) ? entryId : String(new Types.ObjectId()) },
      tenant.token,
    );
    expect(
      (errors ?? []).filter((e) => e.extensions?.code !== "NOT_FOUND"),
      show(errors),
    ).toEqual([]);
  };

  type Signing = "signed" | "unsigned" | "signed for another URL";
  /** Posts `form` to `path?query` as Twilio would, or not quite. */
  const post = async (path: WebhookPath, form: Form, query: Form, signing: Signing) => {
    const url = webhookUrl(app.url, path, query);
    if (signing === "unsigned") {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form),
      });
      return { status: res.status, body: await res.text() };
    }
    return postSigned(url, form, twilio.authToken, signing === "signed" ? url : `${url}&forged=1`);
  };

  /** FUZZ_REPORT=1 prints the statuses each webhook answered. */
  const tally = tallyOutcomes();

  /** One webhook, judged: below 500, the server up, nothing stored when refused, what was stored readable. */
  async function attempt(path: WebhookPath, fuzz: WebhookCase, change: (form: Form, query: Form) => void, signing: Signing = "signed") {
    const target = { entryId: "", callSid: "", messageSid: "", recordingSid: "", ...(await fuzz.target?.()) };
    const form = fuzz.form(target);
    const query = fuzz.query?.(target) ?? {};
    change(form, query);
    const before = await snapshot(COLLECTIONS);
    const res = await post(path, form, query, signing);
    const context = show({ path, form, query, signing, status: res.status, body: res.body });
    expect(res.status, context).toBeLessThan(500);
    await expectHealthy(app.url);
    if (res.status >= 400) expect(await snapshot(COLLECTIONS), `refused, yet stored: ${context}`).toEqual(before);
    else {
      await expectReadable(query.entryId ?? target.entryId);
      await fuzz.accepted?.(form);
    }
    // A body or URL over the limit is refused (413, 431) before its signature is read.
    if (signing !== "signed") expect([403, 413, 431], context).toContain(res.status);
    tally(path, res.status);
  }

  /** Puts `value` in a form field or (`?name`) a query parameter; undefined removes it. */
  const set = (form: Form, query: Form, field: string, value: string | undefined) => {
    const into = field.startsWith("?") ? query : form;
    const name = field.replace(/^\?/, "");
    if (value === undefined) delete into[name];
    else into[name] = value;
  };

  it("has a fuzz case for every webhook path", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(WebhookPath).sort());
  });

  for (const [name, fuzz] of Object.entries(CASES) as [keyof typeof WebhookPath, WebhookCase][]) {
    const path = WebhookPath[name];
    const fields = Object.keys(fuzz.hostile);
    it(`${name} (${path}): fixed cases and ${fuzz.numRuns} random runs over ${fields.join(", ")}`, { timeout: 120_000 }, async () => {
      // Fixed cases: every field holding NUL and control characters; each field at 200 KB (under the 256 KB limit),
      // the body over the limit and over 200 parameters (413); unsigned and forged requests (403).
      await attempt(path, fuzz, (form, query) => fields.forEach((f) => set(form, query, f, "\u0000\u0007\u001b[0m\ud800")));
      for (const field of fields) await attempt(path, fuzz, (form, query) => set(form, query, field, longString(200_000, "9")));
      await attempt(path, fuzz, (form) => (form.Body = longString(300_000)));
      await attempt(path, fuzz, (form) => Array.from({ length: 201 }, (_, i) => (form[`Extra${i}`] = "x")));
      await attempt(path, fuzz, () => {}, "unsigned");
      await attempt(path, fuzz, () => {}, "signed for another URL");

      // Random runs: one to three fields hostile (or missing), now and then an unknown field, now and then unsigned.
      const runArb = fc.record({
        changes: fc.dictionary(fc.constantFrom(...fields), fc.constantFrom("hostile", "hostile", "hostile", "hostile", "hostile", "missing"), {
          minKeys: 1,
          maxKeys: 3,
        }),
        values: fc.record(Object.fromEntries(fields.map((f) => [f, fuzz.hostile[f]]))),
        // Twilio names every parameter (a form parser drops an empty name, and the signature with it).
        extra: fc.dictionary(
          hostileString.filter((name) => name !== ""),
          hostileString,
          { maxKeys: 2 },
        ),
        signing: fc.oneof(
          { arbitrary: fc.constant<Signing>("signed"), weight: 18 },
          { arbitrary: fc.constantFrom<Signing>("unsigned", "signed for another URL"), weight: 2 },
        ),
      });
      await fc.assert(
        fc.asyncProperty(runArb, ({ changes, values, extra, signing }) =>
          attempt(
            path,
            fuzz,
            (form, query) => {
              for (const field of Object.keys(changes)) set(form, query, field, changes[field] === "missing" ? undefined : values[field]);
              Object.assign(form, extra);
            },
            signing,
          ),
        ),
        runs(fuzz.numRuns),
      );
    });
  }
});
