import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ContactModel } from "../contacts/contact.model.js";
import type { ContactConversation } from "../conversations/conversation.service.js";
import { EntryModel } from "../timeline/entry.model.js";
import { SmsEntryModel } from "./sms-entry.model.js";
import { codes, createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, nextEvent, postSigned, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { WebhookPath } from "../twilio/webhook-paths.js";

const SEND = `mutation($input: SendSmsInput!) { sendSms(input: $input) {
  id body direction status messageSid talkdeskPhoneNumber customerPhoneNumber segments encoding errorCode errorMessage retryCount agent { name } } }`;
const RETRY = `mutation($id: ID!) { retrySms(entryId: $id) { id status messageSid errorCode errorMessage retryCount } }`;

const shuffle = <T>(xs: T[]) =>
  xs
    .map((x) => [Math.random(), x] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, x]) => x);

describe("sending SMS", () => {
  let app: TestApp;
  let twilio: TestTwilio;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let number: string;
  let second: string;
  let customerId: string;

  beforeAll(async () => {
    twilio = await startFakeTwilio("manual");
    app = await startTestApp({ file: import.meta.filename, twilio });
    tenant = await createTenant("Outbound");
    number = await addSmsNumber(tenant.accountId);
    second = await addSmsNumber(tenant.accountId);
    customerId = String((await addCustomer(tenant.accountId, "+15146300808", "Maria Santos"))._id);
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });
  beforeEach(() => twilio.reset());

  const send = (input: Record<string, unknown>, auth = tenant.token) => app.gql(SEND, { input: { contactId: customerId, ...input } }, auth);

  it("stores the message, hands it to Twilio with a status callback on PUBLIC_URL, and returns it queued with its SID", async () => {
    const res = await send({ body: "I'll call you back later" });
    expect(res.errors).toBeUndefined();
    const sms = res.data.sendSms;
    expect(sms).toMatchObject({
      body: "I'll call you back later",
      direction: "OUTBOUND",
      status: "QUEUED",
      talkdeskPhoneNumber: number,
      customerPhoneNumber: "+15146300808",
      segments: 1,
      encoding: "GSM_7",
      errorCode: null,
      retryCount: 0,
      agent: { name: tenant.agent.name },
    });
    expect(twilio.messages).toHaveLength(1);
    const sent = twilio.messages[0];
    expect(sms.messageSid).toBe(sent.sid);
    expect(sent).toMatchObject({ to: "+15146300808", from: number, body: "I'll call you back later" });
    expect(sent.statusCallback).toBe(`${app.config.publicUrl}${WebhookPath.messageStatus}?entryId=${sms.id}`);
    const contact = await ContactModel.findById(customerId).lean<ContactConversation>();
    expect(contact!.last_message).toMatchObject({ preview: "I'll call you back later", direction: "OUTBOUND" });
    expect(contact!.unread_count).toBe(0);
  });

  it("counts segments the way Twilio does", async () => {
    const gsm = await send({ body: "a".repeat(161) });
    expect(gsm.data.sendSms).toMatchObject({ segments: 2, encoding: "GSM_7" });
    const ucs = await send({ body: "a".repeat(152) + "😀" });
    expect(ucs.data.sendSms).toMatchObject({ segments: 3, encoding: "UCS_2" });
  });

  it("replies from the number the customer last texted, or the one asked for", async () => {
    await twilio.sendInboundSms({ webhookUrl: `${app.url}${WebhookPath.incomingSms}`, from: "+15146300808", to: second, body: "hi, it's Maria" });
    expect((await send({ body: "reply" })).data.sendSms.talkdeskPhoneNumber).toBe(second);
    expect(
      (await send({ body: "explicit", from: `(${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}` })).data.sendSms.talkdeskPhoneNumber,
    ).toBe(number);
  });

  it("refuses a sender that is not an SMS number of the caller's account", async () => {
    const other = await createTenant("Other");
    const foreign = await addSmsNumber(other.accountId);
    const voice = await addSmsNumber(tenant.accountId, { sms: false });
    const stolen = await send({ body: "x", from: foreign });
    expect(codes(stolen)).toEqual(["FORBIDDEN"]);
    expect(stolen.errors![0].message).toBe(`${foreign} is not one of your account's numbers: pick one of them as the sender.`);
    const voiceOnly = await send({ body: "x", from: voice });
    expect(codes(voiceOnly)).toEqual(["BAD_USER_INPUT"]);
    expect(voiceOnly.errors![0].message).toMatch(/voice-only/);
    expect(twilio.messages).toHaveLength(0);
  });

  it("refuses an empty, blank or too long body, and an account without an SMS number, sending nothing", async () => {
    for (const body of ["", "   \n ", "x".repeat(1601)]) {
      const res = await send({ body });
      expect(codes(res), JSON.stringify(body)).toEqual(["BAD_USER_INPUT"]);
    }
    expect((await send({ body: "😀".repeat(1600) })).errors).toBeUndefined();
    const bare = await createTenant("No numbers");
    const contact = await addCustomer(bare.accountId, "+15146300808");
    const res = await app.gql(SEND, { input: { contactId: String(contact._id), body: "hello" } }, bare.token);
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0].message).toMatch(/no SMS-capable number/);
    expect(twilio.messages).toHaveLength(1);
  });

  it("sends a double submit with the same idempotency key once and returns the same entry", async () => {
    const input = { body: "only once please", idempotencyKey: "a0c7e6e2-2f0b-4f6e-9d7e-1d2c3b4a5f60" };
    const [a, b] = await Promise.all([send(input), send(input)]);
    const c = await send(input);
    expect(a.data.sendSms.id).toBe(b.data.sendSms.id);
    expect(c.data.sendSms.id).toBe(a.data.sendSms.id);
    expect(twilio.messages).toHaveLength(1);
    const reused = await send({ body: "something else", idempotencyKey: input.idempotencyKey });
    expect(codes(reused)).toEqual(["BAD_USER_INPUT"]);
    // Keys are per account: another account's identical key is another message.
    const other = await createTenant("Other key");
    await addSmsNumber(other.accountId);
    const theirs = await addCustomer(other.accountId, "+15146300808");
    const res = await app.gql(SEND, { input: { contactId: String(theirs._id), ...input } }, other.token);
    expect(res.data.sendSms.id).not.toBe(a.data.sendSms.id);
  });

  it("applies status callbacks forward only: replayed three times in shuffled order, the message ends delivered", async () => {
    const sms = (await send({ body: "track me" })).data.sendSms;
    const ws = app.ws(tenant.token);
    const live = nextEvent(ws, `subscription($c: ID!) { timelineUpdated(contactId: $c) { id ... on SmsEntry { status } } }`, { c: customerId });
    await live.ready;
    const plays = shuffle(["sending", "sent", "delivered"].flatMap((s) => [s, s, s]));
    for (const status of plays) expect((await twilio.playCallback(sms.messageSid, status)).status).toBe(200);
    const entry = await EntryModel.findById(sms.id).lean<any>();
    expect(entry.status).toBe("delivered");
    // Each forward move was published; the last one seen live is DELIVERED.
    await new Promise((r) => setTimeout(r, 200));
    expect(live.values.length).toBeGreaterThanOrEqual(1);
    expect(live.values.at(-1).data.timelineUpdated).toEqual({ id: sms.id, status: "DELIVERED" });
    // Final stays final.
    await twilio.playCallback(sms.messageSid, "failed", { ErrorCode: "30008" });
    expect((await EntryModel.findById(sms.id).lean<any>()).status).toBe("delivered");
    await twilio.playCallback(sms.messageSid, "read");
    expect((await EntryModel.findById(sms.id).lean<any>()).status).toBe("read");
  });

  it("dates every status change: each live copy of a message carries a later statusUpdatedAt than the one before", async () => {
    const sms = (await send({ body: "date me" })).data.sendSms;
    const ws = app.ws(tenant.token);
    const live = nextEvent(ws, `subscription($c: ID!) { timelineUpdated(contactId: $c) { id ... on SmsEntry { status statusUpdatedAt } } }`, {
      c: customerId,
    });
    await live.ready;
    for (const status of ["sending", "sent", "delivered"]) {
      await new Promise((r) => setTimeout(r, 5));
      await twilio.playCallback(sms.messageSid, status);
      await live.next();
    }
    const seen = live.values.map((v) => v.data.timelineUpdated).filter((e) => e.id === sms.id);
    expect(seen.map((e) => e.status)).toEqual(["SENDING", "SENT", "DELIVERED"]);
    const times = seen.map((e) => Date.parse(e.statusUpdatedAt));
    expect(times.every((t, i) => i === 0 || t > times[i - 1])).toBe(true);
    live.stop();
  });

  it("ends delivered when all its callbacks arrive at the same moment, twice over", async () => {
    for (let round = 0; round < 3; round++) {
      const sms = (await send({ body: `simultaneous ${round}` })).data.sendSms;
      const statuses = shuffle(["sending", "sent", "delivered", "sending", "sent", "delivered"]);
      const answers = await Promise.all(statuses.map((status) => twilio.playCallback(sms.messageSid, status)));
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
      expect((await EntryModel.findById(sms.id).lean<any>()).status).toBe("delivered");
    }
  });

  it("records an undelivered message with Twilio's code and a sentence", async () => {
    const contact = await addCustomer(tenant.accountId, "+15146310000", "Unreachable");
    const sms = (await app.gql(SEND, { input: { contactId: String(contact._id), body: "are you there?" } }, tenant.token)).data.sendSms;
    for (const cb of twilio.pendingCallbacks(sms.messageSid))
      await twilio.playCallback(cb.sid, cb.status, cb.params.ErrorCode ? { ErrorCode: cb.params.ErrorCode } : {});
    const view = await app.gql(
      `query($id: ID!) { entry(id: $id) { ... on SmsEntry { status errorCode errorMessage } } }`,
      { id: sms.id },
      tenant.token,
    );
    expect(view.data.entry).toEqual({
      status: "UNDELIVERED",
      errorCode: 30003,
      errorMessage: "The customer's phone is unreachable (switched off or out of coverage).",
    });
  });

  it("answers 200 to a status for an unknown message, 400 to a signed but malformed one, 403 to an unsigned one", async () => {
    const url = `${app.url}${WebhookPath.messageStatus}`;
    const base = { AccountSid: twilio.accountSid, MessageSid: "SM" + "0".repeat(32) };
    expect((await postSigned(url, { ...base, MessageStatus: "delivered" }, twilio.authToken)).status).toBe(200);
    expect(await postSigned(url, { ...base, MessageStatus: "teleported" }, twilio.authToken)).toEqual({
      status: 400,
      body: 'MessageStatus "teleported" is not a status of an outbound message.',
    });
    expect((await postSigned(url, { AccountSid: twilio.accountSid, MessageStatus: "sent" }, twilio.authToken)).body).toBe("MessageSid is missing.");
    const unsigned = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...base, MessageStatus: "sent" }),
    });
    expect(unsigned.status).toBe(403);
  });

  it("returns a Twilio refusal as a failed entry with the reason; 21610 also marks the contact opted out", async () => {
    const invalid = await addCustomer(tenant.accountId, "+15146310002", "Landline");
    const res = await app.gql(SEND, { input: { contactId: String(invalid._id), body: "hello" } }, tenant.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.sendSms).toMatchObject({
      status: "FAILED",
      errorCode: 21614,
      errorMessage: "This number is not a mobile number and cannot receive SMS.",
      messageSid: null,
    });

    const stopped = await addCustomer(tenant.accountId, "+15146310001", "Stopped elsewhere");
    const refused = await app.gql(SEND, { input: { contactId: String(stopped._id), body: "hello" } }, tenant.token);
    expect(refused.data.sendSms).toMatchObject({ status: "FAILED", errorCode: 21610 });
    expect((await ContactModel.findById(stopped._id).lean<ContactConversation>())!.sms_opted_out).toBe(true);
  });

  it("refuses to text a contact who opted out (OPTED_OUT, nothing sent), and texts again after START", async () => {
    const contact = await addCustomer(tenant.accountId, "+15146300950", "Opted Out");
    const webhookUrl = `${app.url}${WebhookPath.incomingSms}`;
    await twilio.sendInboundSms({ webhookUrl, from: "+15146300950", to: number, body: "STOP" });
    twilio.reset();
    const res = await app.gql(SEND, { input: { contactId: String(contact._id), body: "hello?" } }, tenant.token);
    expect(codes(res)).toEqual(["OPTED_OUT"]);
    expect(res.errors![0].message).toBe("Opted Out replied STOP and receives no SMS until they text START. Call them instead.");
    expect(twilio.messages).toHaveLength(0);
    expect(await SmsEntryModel.countDocuments({ customer_id: contact._id, direction: "outbound-api" })).toBe(0);
    await twilio.sendInboundSms({ webhookUrl, from: "+15146300950", to: number, body: "start" });
    const again = await app.gql(SEND, { input: { contactId: String(contact._id), body: "welcome back" } }, tenant.token);
    expect(again.data.sendSms.status).toBe("QUEUED");
  });

  it("retries a failed message once, even on a double click, keeping the failed attempt", async () => {
    const flaky = await addCustomer(tenant.accountId, "+15146310000", "Flaky").catch(async () =>
      ContactModel.findOne({ account_id: tenant.accountId, phone_numbers: "+15146310000" }).lean(),
    );
    const sms = (await app.gql(SEND, { input: { contactId: String(flaky!._id), body: "retry me" } }, tenant.token)).data.sendSms;
    await twilio.playCallback(sms.messageSid, "undelivered", { ErrorCode: "30003" });
    twilio.reset();

    const [a, b] = await Promise.all([app.gql(RETRY, { id: sms.id }, tenant.token), app.gql(RETRY, { id: sms.id }, tenant.token)]);
    const ok = [a, b].filter((r) => !r.errors);
    expect(ok).toHaveLength(1);
    expect(codes([a, b].find((r) => r.errors)!)).toEqual(["CONFLICT"]);
    expect(twilio.messages).toHaveLength(1);
    const retried = ok[0].data.retrySms;
    expect(retried).toMatchObject({ id: sms.id, status: "QUEUED", errorCode: null, retryCount: 1 });
    expect(retried.messageSid).toBe(twilio.messages[0].sid);
    expect(retried.messageSid).not.toBe(sms.messageSid);

    // A late callback for the first attempt's SID does not touch the new attempt.
    await twilio.playCallback(sms.messageSid, "delivered");
    expect((await EntryModel.findById(sms.id).lean<any>()).status).toBe("queued");
    const stored = await EntryModel.findById(sms.id).lean<any>();
    expect(stored.attempts).toEqual([expect.objectContaining({ message_sid: sms.messageSid, status: "undelivered", error_code: 30003 })]);
  });

  it("says which messages retrySms accepts: canRetry is true for failed, undelivered and canceled outbound ones only", async () => {
    const CAN_RETRY = `query($id: ID!) { entry(id: $id) { ... on SmsEntry { status canRetry } } }`;
    const canRetry = async (id: string) => (await app.gql(CAN_RETRY, { id }, tenant.token)).data.entry;
    const queued = (await send({ body: "still queued" })).data.sendSms;
    expect(await canRetry(queued.id)).toEqual({ status: "QUEUED", canRetry: false });
    for (const status of ["failed", "undelivered", "canceled"] as const) {
      const sms = (await send({ body: `will be ${status}` })).data.sendSms;
      await twilio.playCallback(sms.messageSid, status, status === "canceled" ? {} : { ErrorCode: "30008" });
      expect(await canRetry(sms.id)).toEqual({ status: status.toUpperCase(), canRetry: true });
      // The API's rule and retrySms agree: what canRetry offers, retrySms accepts.
      expect(codes(await app.gql(RETRY, { id: sms.id }, tenant.token))).toEqual([]);
    }
    const inbound = await twilio.sendInboundSms({ webhookUrl: `${app.url}${WebhookPath.incomingSms}`, from: "+15146300808", to: number, body: "hi" });
    const received = await SmsEntryModel.findOne({ message_sid: inbound.messageSid }).lean();
    expect(await canRetry(String(received!._id))).toEqual({ status: "RECEIVED", canRetry: false });
  });

  it("retries only failed outbound messages of the caller's account", async () => {
    const sms = (await send({ body: "fine" })).data.sendSms;
    const notFailed = await app.gql(RETRY, { id: sms.id }, tenant.token);
    expect(codes(notFailed)).toEqual(["BAD_USER_INPUT"]);
    expect(notFailed.errors![0].message).toBe("Only a failed outbound SMS can be retried; this one is queued.");
    const other = await createTenant("Snoop");
    expect(codes(await app.gql(RETRY, { id: sms.id }, other.token))).toEqual(["NOT_FOUND"]);
    expect(codes(await app.gql(SEND, { input: { contactId: customerId, body: "hijack" } }, other.token))).toEqual(["NOT_FOUND"]);
    expect(codes(await app.gql(SEND, { input: { contactId: customerId, body: "anonymous" } }))).toEqual(["UNAUTHENTICATED"]);
  });

  it("dismisses a failed message: it stays failed, says who dismissed it, can no longer be retried; twice changes nothing", async () => {
    const DISMISS = `mutation($id: ID!) { dismissSms(entryId: $id) { id status canRetry dismissedAt dismissedBy { name } } }`;
    const sms = (await send({ body: "lost cause" })).data.sendSms;
    // Not failed: nothing to dismiss.
    const early = await app.gql(DISMISS, { id: sms.id }, tenant.token);
    expect(codes(early)).toEqual(["BAD_USER_INPUT"]);
    expect(early.errors![0].message).toBe("Only a failed outbound SMS can be dismissed; this one is queued.");
    await twilio.playCallback(sms.messageSid, "failed", { ErrorCode: "30006" });
    // Another account's agent cannot, and learns nothing.
    const other = await createTenant("Dismisser");
    expect(codes(await app.gql(DISMISS, { id: sms.id }, other.token))).toEqual(["NOT_FOUND"]);
    expect((await EntryModel.findById(sms.id).lean<any>()).dismissed_at).toBeUndefined();

    const live = app.ws(tenant.token);
    const updates = nextEvent(live, `subscription($c: ID!) { timelineUpdated(contactId: $c) { id ... on SmsEntry { dismissedAt } } }`, {
      c: customerId,
    });
    await updates.ready;
    const first = await app.gql(DISMISS, { id: sms.id }, tenant.token);
    expect(codes(first)).toEqual([]);
    expect(first.data.dismissSms).toMatchObject({ status: "FAILED", canRetry: false, dismissedBy: { name: tenant.agent.name } });
    expect((await updates.next()).data.timelineUpdated).toEqual({ id: sms.id, dismissedAt: first.data.dismissSms.dismissedAt });
    await live.dispose();
    const again = await app.gql(DISMISS, { id: sms.id }, tenant.token);
    expect(again.data.dismissSms.dismissedAt).toBe(first.data.dismissSms.dismissedAt);
    const retry = await app.gql(RETRY, { id: sms.id }, tenant.token);
    expect(codes(retry)).toEqual(["BAD_USER_INPUT"]);
    expect(retry.errors![0].message).toMatch(/dismissed/);
    expect(twilio.messages).toHaveLength(1);
  });
});
