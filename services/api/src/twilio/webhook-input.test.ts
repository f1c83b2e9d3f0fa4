import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactModel } from "../contacts/contact.model.js";
import { EntryModel } from "../timeline/entry.model.js";
import { SmsEntryModel } from "../sms/sms-entry.model.js";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addSmsNumber, postSigned, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { CallEntryModel, VoicemailEntryModel } from "../calls/call-entry.model.js";
import { CallStatus } from "../calls/call.enums.js";
import { SmsStatus } from "../sms/sms.enums.js";
import { WebhookPath, webhookUrl } from "./webhook-paths.js";

const sid = (prefix: string, n: number) => `${prefix}${String(n).padStart(32, "0")}`;

describe("what Twilio's webhooks accept: every field validated and normalised, a 4xx for what is wrong, never a 5xx", () => {
  let app: TestApp;
  let twilio: TestTwilio;
  let number: string;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let seq = 0;

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    app = await startTestApp({ file: import.meta.filename, twilio });
    tenant = await createTenant("Webhook input");
    number = await addSmsNumber(tenant.accountId);
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });

  const sms = (fields: Record<string, string>) => {
    const params = {
      AccountSid: twilio.accountSid,
      MessageSid: sid("SM", ++seq),
      From: "+15146300808",
      To: number,
      Body: "hi",
      NumMedia: "0",
      ...fields,
    };
    return postSigned(`${app.url}${WebhookPath.incomingSms}`, params, twilio.authToken).then((r) => ({ ...r, messageSid: params.MessageSid }));
  };
  const call = (fields: Record<string, string>) =>
    postSigned(
      `${app.url}${WebhookPath.incomingCall}`,
      { AccountSid: twilio.accountSid, CallSid: sid("CA", ++seq), From: "+15146300808", To: number, ...fields },
      twilio.authToken,
    );
  const counts = async () => ({ entries: await EntryModel.countDocuments({}), contacts: await ContactModel.countDocuments({}) });

  it("refuses a blank or malformed From or To with 400 and stores nothing", async () => {
    const before = await counts();
    for (const From of ["", "   ", "\u0000", "<script>alert(1)</script>", "+1".padEnd(80, "5")]) {
      const res = await sms({ From });
      expect(res.status, JSON.stringify(From)).toBe(400);
    }
    for (const To of [" ", "\u0000\u0000", "not a number at all"]) expect((await sms({ To })).status, JSON.stringify(To)).toBe(400);
    for (const From of ["", "  ", '{"$gt":""}']) expect((await call({ From })).status, JSON.stringify(From)).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("strips NUL and other control characters, which the database cannot store, and keeps the message", async () => {
    const res = await sms({ From: "+1514630\u00000809", To: `${number}\u0000`, Body: "call\u0000 me\u0007 back\nplease\tthanks" });
    expect(res.status).toBe(200);
    const stored = await SmsEntryModel.findOne({ message_sid: res.messageSid }).lean();
    expect(stored).toMatchObject({ customer_phone_number: "+15146300809", talkdesk_phone_number: number, body: "call me back\nplease\tthanks" });
    expect((await call({ From: "+1514630\u00000810" })).status).toBe(200);
  });

  it("accepts what Twilio really sends: short codes, alphanumeric senders, anonymous callers", async () => {
    for (const From of ["72345", "ACME Corp", "anonymous", "+266696687"]) {
      const res = await sms({ From, Body: `from ${From}` });
      expect(res.status, From).toBe(200);
    }
    expect((await call({ From: "anonymous" })).status).toBe(200);
  });

  it("refuses a media URL that is not http(s)", async () => {
    const res = await sms({ NumMedia: "1", MediaUrl0: "javascript:alert(1)", MediaContentType0: "image/png" });
    expect(res).toMatchObject({ status: 400, body: "MediaUrl0 is not an http(s) URL." });
  });

  it("reads a count, a duration or an error code that is no whole number in GraphQL's Int range as absent (found by fuzzing)", async () => {
    // 1e20 and 4.9e-281 were stored as they came, and every read of the entry failed with INTERNAL_SERVER_ERROR.
    const read = async (id: string) => {
      const res = await app.gql(
        `query($id: ID!) { entry(id: $id) { ... on SmsEntry { segments errorCode } ... on CallEntry { duration } ... on VoicemailEntry { duration } } }`,
        { id },
        tenant.token,
      );
      expect(res.errors).toBeUndefined();
      return res.data.entry;
    };
    const inbound = await sms({ NumSegments: "1e20" });
    expect(inbound.status).toBe(200);
    expect(await read(String((await SmsEntryModel.findOne({ message_sid: inbound.messageSid }).lean())!._id))).toEqual({
      segments: 1,
      errorCode: null,
    });

    const fields = { account_id: tenant.accountId, customer_id: tenant.accountId, talkdesk_phone_number: number, created_at: new Date() };
    for (const ErrorCode of ["1e20", "4.9e-281", "-30003"]) {
      const MessageSid = sid("SM", ++seq);
      const sent = await SmsEntryModel.create({ ...fields, body: "hi", direction: "outbound-api", status: SmsStatus.SENT, message_sid: MessageSid });
      const url = webhookUrl(app.url, WebhookPath.messageStatus, { entryId: String(sent._id) });
      const params = { AccountSid: twilio.accountSid, MessageSid, MessageStatus: "undelivered", ErrorCode };
      expect((await postSigned(url, params, twilio.authToken)).status).toBe(200);
      expect(await read(String(sent._id)), ErrorCode).toEqual({ segments: null, errorCode: null });
    }

    const CallSid = sid("CA", ++seq);
    const callEntry = await CallEntryModel.create({ ...fields, direction: "outbound-api", status: CallStatus.IN_PROGRESS, callsid: CallSid });
    const status = webhookUrl(app.url, WebhookPath.callStatus, { entryId: String(callEntry._id), leg: "customer" });
    const ended = { AccountSid: twilio.accountSid, CallSid: sid("CA", ++seq), CallStatus: "completed", CallDuration: "1e300" };
    expect((await postSigned(status, ended, twilio.authToken)).status).toBe(200);
    expect(await read(String(callEntry._id))).toEqual({ duration: null });

    const recording = webhookUrl(app.url, WebhookPath.recording, { entryId: String(callEntry._id) });
    const RecordingSid = sid("RE", ++seq);
    const left = {
      AccountSid: twilio.accountSid,
      CallSid,
      RecordingSid,
      RecordingUrl: `https://api.twilio.com/${RecordingSid}`,
      RecordingDuration: "1e21",
    };
    expect((await postSigned(recording, left, twilio.authToken)).status).toBe(200);
    const voicemail = await VoicemailEntryModel.findOne({ dedupe_key: `VoicemailEntry:${RecordingSid}` }).lean();
    expect(await read(String(voicemail!._id))).toEqual({ duration: 0 });
  });

  it("refuses a CallStatus that only names a property every object has (constructor, toString) with 400 (found by fuzzing)", async () => {
    const CallSid = sid("CA", ++seq);
    const fields = {
      account_id: tenant.accountId,
      customer_id: tenant.accountId,
      created_at: new Date(),
      direction: "outbound-api",
      callsid: CallSid,
    };
    const entry = await CallEntryModel.create({ ...fields, status: CallStatus.QUEUED });
    for (const [CallStatus, leg] of [
      ["constructor", "customer"],
      ["toString", "agent"],
      ["__proto__", "customer"],
    ]) {
      const url = webhookUrl(app.url, WebhookPath.callStatus, { entryId: String(entry._id), leg });
      const res = await postSigned(url, { AccountSid: twilio.accountSid, CallSid, CallStatus }, twilio.authToken);
      expect(res, CallStatus).toEqual({ status: 400, body: `CallStatus "${CallStatus}" is not a Twilio call status.` });
    }
    const stored = await CallEntryModel.findById(entry._id).lean();
    expect([stored?.status, stored?.child_callsid]).toEqual(["queued", undefined]);
  });
});
