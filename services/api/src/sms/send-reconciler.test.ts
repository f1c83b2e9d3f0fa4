import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, startTestApp, waitUntil, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { EntryKind } from "../timeline/entry.enums.js";
import { LOST_SEND_SENTENCE } from "./send-reconciler.js";
import { SmsEntryModel } from "./sms-entry.model.js";
import { SmsStatus } from "./sms.enums.js";

/**
 * A process that stored a queued SMS and died before recording Twilio's answer leaves it queued with no SID. With two
 * replicas running, one at a time settles it from Twilio's records.
 */
describe("sends whose outcome was lost", () => {
  let twilio: TestTwilio;
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    twilio = await startFakeTwilio();
    first = await startTestApp({ file: import.meta.filename, twilio, reconcileEveryMs: 1000 });
    second = await startTestApp({ file: import.meta.filename, twilio, reconcileEveryMs: 1000 });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await twilio.close();
  });

  it("gives a message Twilio has its SID, fails one Twilio never got (with Retry), once, on one replica", async () => {
    const tenant = await createTenant("Reconciled");
    const number = await addSmsNumber(tenant.accountId);
    const contact = await addCustomer(tenant.accountId, "+15146300404", "Lost Send");
    const longAgo = new Date(Date.now() - 5 * 60_000);
    const stuck = (body: string, at = longAgo) =>
      SmsEntryModel.create({
        account_id: tenant.accountId,
        customer_id: contact._id,
        customer_phone_number: "+15146300404",
        talkdesk_phone_number: number,
        created_at: at,
        body,
        direction: "outbound-api",
        status: SmsStatus.QUEUED,
        status_updated_at: at,
      });
    const listsBefore = twilio.requests.filter((r) => r.method === "GET" && r.path.endsWith("/Messages.json")).length;
    // Twilio took this one (the process died before storing the SID); the other never reached Twilio.
    const sent = await first.server.deps.twilio.messages.create({ to: "+15146300404", from: number, body: "It reached Twilio" });
    const reached = await stuck("It reached Twilio");
    const lost = await stuck("It never left");
    // A queued message still within its send's time is not touched.
    const fresh = await stuck("Being sent right now", new Date());

    const settled = await waitUntil("both to settle", async () => {
      const [a, b] = await Promise.all([SmsEntryModel.findById(reached._id).lean(), SmsEntryModel.findById(lost._id).lean()]);
      return a?.message_sid && b?.status === SmsStatus.FAILED ? { a, b } : null;
    });
    expect(settled.a).toMatchObject({ message_sid: sent.sid, status: SmsStatus.QUEUED });
    expect(settled.b).toMatchObject({ status: SmsStatus.FAILED, error_message: LOST_SEND_SENTENCE });
    expect(settled.b.message_sid ?? null).toBeNull();
    await new Promise((r) => setTimeout(r, 2500));
    // One replica per round, and a settled message is not looked up again: one look-up per stuck message.
    const lists = twilio.requests.filter((r) => r.method === "GET" && r.path.endsWith("/Messages.json")).length - listsBefore;
    expect(lists).toBe(2);
    expect((await SmsEntryModel.findById(fresh._id).lean())!.status).toBe(SmsStatus.QUEUED);

    // The agent resolves the failed one with the usual Retry: it is sent, once.
    const retry = await first.gql(`mutation($e: ID!) { retrySms(entryId: $e) { status messageSid } }`, { e: String(lost._id) }, tenant.token);
    expect(retry.data.retrySms.messageSid).toMatch(/^SM/);
    expect(twilio.messages.filter((m) => m.body === "It never left")).toHaveLength(1);
    expect(await SmsEntryModel.countDocuments({ _type: EntryKind.SmsEntry, body: "It reached Twilio" })).toBe(1);
  }, 30_000);
});
