import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { codes, createTenant, startTestApp, waitUntil, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { SmsEntryModel } from "./sms-entry.model.js";

/**
 * Quiet hours through the real server, on a clock the test sets: no SMS between 21:00 and 8:00 in the customer's
 * time, read from the number (Toronto, Los Angeles, Lisbon) or the contact's stored zone; QUIET_HOURS says their time
 * and the next allowed one; an override is recorded with who and why; scheduling into quiet hours is refused, and a
 * scheduled SMS that comes due late, inside them, waits for the customer's morning.
 */

const SEND = `mutation($i: SendSmsInput!) { sendSms(input: $i) { id status quietHoursOverride { reason localTime timeZone agent { name } } } }`;
const SCHEDULE = `mutation($i: ScheduleSmsInput!) { scheduleSms(input: $i) { id status scheduledFor } }`;

let now = new Date();
const clock = () => now;
/** The test's clock at an instant given in UTC. */
const at = (iso: string) => (now = new Date(iso));

describe("quiet hours", () => {
  let app: TestApp;
  let twilio: TestTwilio;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let toronto: string;
  let losAngeles: string;
  let lisbon: string;

  beforeAll(async () => {
    twilio = await startFakeTwilio("manual");
    app = await startTestApp({ file: import.meta.filename, twilio, scheduledSmsSweepEveryMs: 100, now: clock });
    tenant = await createTenant("Quiet", { quietHours: true });
    await addSmsNumber(tenant.accountId);
    toronto = String((await addCustomer(tenant.accountId, "+14165550123", "Maria"))._id);
    losAngeles = String((await addCustomer(tenant.accountId, "+12135550123", "Luis"))._id);
    lisbon = String((await addCustomer(tenant.accountId, "+351213456789", "Inês"))._id);
  });
  afterAll(async () => {
    await app?.close();
    await twilio?.close();
  });
  beforeEach(() => twilio.reset());

  const send = (contactId: string, extra: Record<string, unknown> = {}) =>
    app.gql(SEND, { i: { contactId, body: "Hello!", ...extra } }, tenant.token);

  it("refuses a Toronto number at 22:40 its time, with its time and the next 8:00, and stores nothing", async () => {
    at("2026-12-03T03:40:00Z");
    const before = await SmsEntryModel.countDocuments({ account_id: tenant.accountId });
    const res = await send(toronto);
    expect(codes(res)).toEqual(["QUIET_HOURS"]);
    expect(res.errors![0].message).toBe(
      "It is 22:40 for Maria (America/Toronto): no SMS between 21:00 and 8:00 in the customer's time. Schedule it for 8:00 their time (nextAllowedAt), or send anyway with quietHoursOverride and a reason.",
    );
    expect(res.errors![0].extensions).toMatchObject({ timeZone: "America/Toronto", localTime: "22:40", nextAllowedAt: "2026-12-03T13:00:00.000Z" });
    expect(await SmsEntryModel.countDocuments({ account_id: tenant.accountId })).toBe(before);
    expect(twilio.messages).toHaveLength(0);
  });

  it("reads Los Angeles by its area code: allowed at 20:59 there, quiet from 21:00 until 8:00 Pacific", async () => {
    at("2026-12-03T04:59:00Z");
    expect((await send(losAngeles)).errors).toBeUndefined();
    at("2026-12-03T05:00:00Z");
    const res = await send(losAngeles);
    expect(codes(res)).toEqual(["QUIET_HOURS"]);
    expect(res.errors![0].extensions).toMatchObject({
      timeZone: "America/Los_Angeles",
      localTime: "21:00",
      nextAllowedAt: "2026-12-03T16:00:00.000Z",
    });
  });

  it("applies to Lisbon only when the account asks for every country", async () => {
    at("2026-12-03T23:00:00Z"); // 23:00 in Lisbon
    expect((await send(lisbon)).errors).toBeUndefined(); // US_CA, the default: not a US or Canadian number
    expect((await app.gql(`mutation { updateQuietHours(mode: ALL) { quietHours } }`, {}, tenant.token)).data.updateQuietHours.quietHours).toBe("ALL");
    const res = await send(lisbon);
    expect(codes(res)).toEqual(["QUIET_HOURS"]);
    expect(res.errors![0].extensions).toMatchObject({ timeZone: "Europe/Lisbon", localTime: "23:00", nextAllowedAt: "2026-12-04T08:00:00.000Z" });
    await app.gql(`mutation { updateQuietHours(mode: US_CA) { quietHours } }`, {}, tenant.token);
  });

  it("sends anyway with a reason, recorded on the entry with who and the customer's time", async () => {
    at("2026-12-03T03:40:00Z");
    const res = await send(toronto, { quietHoursOverride: "  She asked us to text her tonight  " });
    expect(res.errors).toBeUndefined();
    expect(res.data.sendSms.quietHoursOverride).toEqual({
      reason: "She asked us to text her tonight",
      localTime: "22:40",
      timeZone: "America/Toronto",
      agent: { name: tenant.agent.name },
    });
    expect(twilio.messages).toHaveLength(1);
    // Outside quiet hours the override is not recorded: nothing was overridden.
    at("2026-12-03T15:00:00Z");
    expect((await send(toronto, { quietHoursOverride: "just in case" })).data.sendSms.quietHoursOverride).toBeNull();
  });

  it("follows the contact's stored time zone over the number's", async () => {
    const moved = String((await addCustomer(tenant.accountId, "+14165550199", "Moved west"))._id);
    at("2026-12-03T02:30:00Z"); // 21:30 in Toronto, 18:30 in Vancouver
    expect(codes(await send(moved))).toEqual(["QUIET_HOURS"]);
    const bad = await app.gql(
      `mutation($id: ID!) { updateContact(id: $id, input: { timeZone: "Mars/Olympus" }) { id } }`,
      { id: moved },
      tenant.token,
    );
    expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
    await app.gql(
      `mutation($id: ID!) { updateContact(id: $id, input: { timeZone: "America/Vancouver" }) { timeZone } }`,
      { id: moved },
      tenant.token,
    );
    expect((await send(moved)).errors).toBeUndefined();
  });

  it("refuses to schedule into quiet hours, offering the next allowed time; a late one waits for the customer's morning", async () => {
    at("2026-12-03T20:00:00Z"); // 15:00 in Toronto
    const night = await app.gql(SCHEDULE, { i: { contactId: toronto, body: "Tonight", sendAt: "2026-12-04T03:00:00Z" } }, tenant.token);
    expect(codes(night)).toEqual(["QUIET_HOURS"]);
    expect(night.errors![0].message).toMatch(/^That is 22:00 for Maria \(America\/Toronto\).*Choose a time from 8:00 to 21:00 their time/);
    expect(night.errors![0].extensions!.nextAllowedAt).toBe("2026-12-04T13:00:00.000Z");

    // Scheduled for 20:50 Toronto; the service was down then, and its sweep finds it due at 22:00 there.
    const scheduled = (await app.gql(SCHEDULE, { i: { contactId: toronto, body: "Evening", sendAt: "2026-12-04T01:50:00Z" } }, tenant.token)).data
      .scheduleSms;
    at("2026-12-04T03:00:00Z");
    const moved = await waitUntil("moved to the morning", async () => {
      const res = await app.gql(
        `query($id: ID!) { entry(id: $id) { ... on ScheduledSmsEntry { status scheduledFor } } }`,
        { id: scheduled.id },
        tenant.token,
      );
      return res.data.entry.scheduledFor === "2026-12-04T13:00:00.000Z" ? res.data.entry : null;
    });
    expect(moved.status).toBe("SCHEDULED");
    expect(twilio.messages).toHaveLength(0);
  });
});
