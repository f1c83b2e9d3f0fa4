import { randomBytes } from "node:crypto";
import mongoose, { Types } from "mongoose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { codes, createTenant, startTestApp, waitUntil, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, postSigned, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { EntryKind } from "../timeline/entry.enums.js";
import { WebhookPath } from "../twilio/webhook-paths.js";
import { sendSms } from "./outbound-sms.service.js";
import { ScheduledSmsEntryModel } from "./scheduled-sms.model.js";
import { SEND_CLAIM_MS } from "./scheduled-sms.service.js";
import { SmsEntryModel } from "./sms-entry.model.js";

/**
 * Scheduled SMS through two real API replicas sharing one database and one fake Twilio, on a clock the test moves
 * (no sleeping until the time comes): each message is sent once at its time, a replica that died after claiming one
 * loses nothing, a cancel racing the send loses or wins whole, and the rules of sendSms hold again at send time.
 */

const ENTRY = `id status scheduledFor body segments cancelReason canceledAt agent { name } canceledBy { name } sentEntry { id body status }`;
const SCHEDULE = `mutation($i: ScheduleSmsInput!) { scheduleSms(input: $i) { ${ENTRY} } }`;
const CANCEL = `mutation($id: ID!) { cancelScheduledSms(entryId: $id) { ${ENTRY} } }`;
const RESCHEDULE = `mutation($id: ID!, $at: DateTimeISO!) { rescheduleSms(entryId: $id, sendAt: $at) { ${ENTRY} } }`;
const EDIT = `mutation($id: ID!, $b: String!) { editScheduledSms(entryId: $id, body: $b) { ${ENTRY} } }`;
const PENDING = `query($c: ID!) { contact(id: $c) { nextScheduledSmsAt scheduledSms { id status scheduledFor } } }`;
const ENTRY_BY_ID = `query($id: ID!) { entry(id: $id) { __typename ... on ScheduledSmsEntry { ${ENTRY} } } }`;

let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
const minutes = (n: number) => n * 60_000;

describe("scheduled SMS", () => {
  let app: TestApp;
  let replica: TestApp;
  let twilio: TestTwilio;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let other: Awaited<ReturnType<typeof createTenant>>;
  let number: string;
  let phoneSeq = 0;

  beforeAll(async () => {
    twilio = await startFakeTwilio("manual");
    app = await startTestApp({ file: import.meta.filename, twilio, scheduledSmsSweepEveryMs: 100, now: clock });
    replica = await startTestApp({ file: import.meta.filename, twilio, scheduledSmsSweepEveryMs: 100, now: clock });
    tenant = await createTenant("Later");
    other = await createTenant("Elsewhere");
    number = await addSmsNumber(tenant.accountId);
  });
  afterAll(async () => {
    await replica?.close();
    await app?.close();
    await twilio?.close();
  });
  beforeEach(() => {
    offsetMs = 0;
    twilio.reset();
  });

  const gql = async (query: string, variables: Record<string, unknown> = {}, token = tenant.token) => {
    const res = await app.gql(query, variables, token);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  const customer = async () => {
    const phone = `+1514632${String(1000 + ++phoneSeq)}`;
    return { id: String((await addCustomer(tenant.accountId, phone, "Maria"))._id), phone };
  };
  const schedule = async (contactId: string, body: string, inMs = minutes(10)) =>
    (await gql(SCHEDULE, { i: { contactId, body, sendAt: new Date(clock().getTime() + inMs).toISOString() } })).scheduleSms;
  const sentTo = (phone: string) => twilio.messages.filter((m) => m.to === phone);
  const statusOf = async (id: string) => (await gql(ENTRY_BY_ID, { id })).entry;

  it("stores it SCHEDULED, lists it on the contact, and sends it once at its time with two replicas sweeping", async () => {
    const { id: contactId, phone } = await customer();
    const scheduled = await schedule(contactId, "I'll call you at 9, as promised");
    expect(scheduled).toMatchObject({ status: "SCHEDULED", segments: 1, agent: { name: tenant.agent.name }, sentEntry: null });
    expect((await gql(PENDING, { c: contactId })).contact).toEqual({
      nextScheduledSmsAt: scheduled.scheduledFor, // the inbox row's clock
      scheduledSms: [{ id: scheduled.id, status: "SCHEDULED", scheduledFor: scheduled.scheduledFor }],
    });
    // Both replicas sweep every 100 ms: before its time, nothing.
    await new Promise((r) => setTimeout(r, 400));
    expect(sentTo(phone)).toHaveLength(0);

    offsetMs = minutes(11);
    const sent = await waitUntil("sent", async () => ((await statusOf(scheduled.id)).status === "SENT" ? statusOf(scheduled.id) : null), 10_000);
    expect(sent.sentEntry).toMatchObject({ body: "I'll call you at 9, as promised", status: "QUEUED" });
    await new Promise((r) => setTimeout(r, 400));
    expect(sentTo(phone)).toHaveLength(1);
    expect(await SmsEntryModel.countDocuments({ customer_id: new Types.ObjectId(contactId), _type: EntryKind.SmsEntry })).toBe(1);
    expect((await gql(PENDING, { c: contactId })).contact).toEqual({ nextScheduledSmsAt: null, scheduledSms: [] });
    // The SMS is on the timeline at the time it was sent, after the scheduled entry.
    const timeline = await gql(
      `query($c: ID!) { contact(id: $c) { timeline(first: 10, types: [SMS, SCHEDULED_SMS]) { edges { node { __typename id } } } } }`,
      { c: contactId },
    );
    expect(timeline.contact.timeline.edges.map((e: { node: { __typename: string } }) => e.node.__typename)).toEqual([
      "SmsEntry",
      "ScheduledSmsEntry",
    ]);
  });

  it("loses nothing when the replica that claimed it died: the claim expires and another sends it, once", async () => {
    const { id: contactId, phone } = await customer();
    const scheduled = await schedule(contactId, "Your appointment is confirmed");
    // What a replica killed right after its claim leaves behind: SENDING, its claim holding for SEND_CLAIM_MS.
    const claimedAt = new Date(clock().getTime() + minutes(10));
    await ScheduledSmsEntryModel.updateOne(
      { _id: scheduled.id },
      { $set: { status: "sending", claim_id: "dead-replica", claimed_until: new Date(claimedAt.getTime() + SEND_CLAIM_MS) } },
    );
    offsetMs = minutes(11);
    await new Promise((r) => setTimeout(r, 400));
    expect(sentTo(phone)).toHaveLength(0); // the claim still holds
    offsetMs = minutes(10) + SEND_CLAIM_MS + 1_000;
    await waitUntil("sent by the survivor", async () => (await statusOf(scheduled.id)).status === "SENT", 10_000);
    expect(sentTo(phone)).toHaveLength(1);
  });

  it("sends nothing twice when the dead replica had sent it before it could say so", async () => {
    const { id: contactId, phone } = await customer();
    const scheduled = await schedule(contactId, "Sent just before the crash");
    // The replica claimed it, sent it (through sendSms, with the scheduled message's key), then died.
    await ScheduledSmsEntryModel.updateOne(
      { _id: scheduled.id },
      { $set: { status: "sending", claim_id: "dead-replica", claimed_until: new Date(clock().getTime() + minutes(1)) } },
    );
    const first = await sendSms(
      app.server.deps,
      { accountId: tenant.accountId, agentId: tenant.agent._id },
      {
        contactId,
        body: "Sent just before the crash",
        idempotencyKey: `scheduled:${scheduled.id}`,
      },
    );
    expect(sentTo(phone)).toHaveLength(1);
    offsetMs = minutes(12);
    const settled = await waitUntil("settled by the survivor", async () => {
      const entry = await statusOf(scheduled.id);
      return entry.status === "SENT" ? entry : null;
    });
    expect(settled.sentEntry.id).toBe(String(first._id));
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo(phone)).toHaveLength(1);
  });

  it("a cancel racing the send: one wins whole, and the timeline says which", async () => {
    for (let round = 0; round < 4; round++) {
      const { id: contactId, phone } = await customer();
      const scheduled = await schedule(contactId, `race ${round}`);
      offsetMs = minutes(11);
      const cancel = await app.gql(CANCEL, { id: scheduled.id }, tenant.token);
      await waitUntil("settled", async () => ["SENT", "CANCELED"].includes((await statusOf(scheduled.id)).status), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      const final = await statusOf(scheduled.id);
      if (cancel.errors) {
        expect(codes(cancel)).toEqual(["CONFLICT"]);
        expect(cancel.errors[0].message).toMatch(/being sent|already sent/);
        expect(final.status).toBe("SENT");
        expect(sentTo(phone)).toHaveLength(1);
      } else {
        expect(cancel.data.cancelScheduledSms).toMatchObject({ status: "CANCELED", canceledBy: { name: tenant.agent.name } });
        expect(final.status).toBe("CANCELED");
        expect(sentTo(phone)).toHaveLength(0);
      }
      offsetMs = 0;
    }
  });

  it("cancels instead of sending when the customer opted out meanwhile, with the reason", async () => {
    const { id: contactId, phone } = await customer();
    const scheduled = await schedule(contactId, "Special offer tomorrow");
    const stop = { AccountSid: twilio.accountSid, MessageSid: `SM${randomBytes(16).toString("hex")}`, From: phone, To: number, Body: "STOP" };
    expect((await postSigned(`${app.url}${WebhookPath.incomingSms}`, stop, twilio.authToken)).status).toBe(200);
    offsetMs = minutes(11);
    const canceled = await waitUntil("canceled", async () => {
      const entry = await statusOf(scheduled.id);
      return entry.status === "CANCELED" ? entry : null;
    });
    expect(canceled.cancelReason).toMatch(/^Not sent: .*replied STOP/);
    expect(canceled.canceledBy).toBeNull();
    expect(sentTo(phone)).toHaveLength(0);
    // And scheduling to an opted-out contact is refused up front.
    expect(
      codes(
        await app.gql(SCHEDULE, { i: { contactId, body: "again", sendAt: new Date(clock().getTime() + minutes(5)).toISOString() } }, tenant.token),
      ),
    ).toEqual(["OPTED_OUT"]);
  });

  it("edits and reschedules until it is sent, then refuses with CONFLICT; cancel twice changes nothing", async () => {
    const { id: contactId } = await customer();
    const scheduled = await schedule(contactId, "first draft");
    const later = new Date(clock().getTime() + minutes(60)).toISOString();
    expect((await gql(RESCHEDULE, { id: scheduled.id, at: later })).rescheduleSms.scheduledFor).toBe(later);
    expect((await gql(EDIT, { id: scheduled.id, b: "final text 🙂" })).editScheduledSms).toMatchObject({ body: "final text 🙂", segments: 1 });
    offsetMs = minutes(61);
    await waitUntil("sent", async () => (await statusOf(scheduled.id)).status === "SENT", 10_000);
    for (const [query, variables] of [
      [EDIT, { id: scheduled.id, b: "too late" }],
      [RESCHEDULE, { id: scheduled.id, at: new Date(clock().getTime() + minutes(5)).toISOString() }],
      [CANCEL, { id: scheduled.id }],
    ] as const) {
      const res = await app.gql(query, variables, tenant.token);
      expect(codes(res)).toEqual(["CONFLICT"]);
      expect(res.errors![0].message).toBe("This scheduled SMS can no longer be changed: it was already sent.");
    }
    const second = await schedule(contactId, "never mind");
    await gql(CANCEL, { id: second.id });
    expect((await gql(CANCEL, { id: second.id })).cancelScheduledSms.status).toBe("CANCELED");
  });

  it("refuses bad times and bodies, another account's contact and ids, and schedules once per idempotency key", async () => {
    const { id: contactId } = await customer();
    const before = await ScheduledSmsEntryModel.countDocuments({});
    const at = (ms: number) => new Date(clock().getTime() + ms).toISOString();
    for (const [i, code, words] of [
      [{ contactId, body: "soon", sendAt: at(30_000) }, "BAD_USER_INPUT", /at least a minute/],
      [{ contactId, body: "far", sendAt: at(minutes(36 * 24 * 60)) }, "BAD_USER_INPUT", /35 days/],
      [{ contactId, body: "   ", sendAt: at(minutes(5)) }, "BAD_USER_INPUT", /empty/],
      [
        { contactId: String((await addCustomer(other.accountId, "+15146329999", "Theirs"))._id), body: "x", sendAt: at(minutes(5)) },
        "NOT_FOUND",
        /No contact/,
      ],
    ] as const) {
      const res = await app.gql(SCHEDULE, { i }, tenant.token);
      expect(codes(res), JSON.stringify(i)).toEqual([code]);
      expect(res.errors![0].message).toMatch(words);
    }
    expect(await ScheduledSmsEntryModel.countDocuments({})).toBe(before);

    const mine = await schedule(contactId, "mine");
    for (const query of [CANCEL, EDIT, RESCHEDULE]) {
      const res = await app.gql(query, { id: mine.id, b: "x", at: at(minutes(5)) }, other.token);
      expect(codes(res)).toEqual(["NOT_FOUND"]);
    }
    const keyed = { contactId, body: "keyed", sendAt: at(minutes(5)), idempotencyKey: "k-1" };
    const a = (await gql(SCHEDULE, { i: keyed })).scheduleSms;
    const b = (await gql(SCHEDULE, { i: keyed })).scheduleSms;
    expect(b.id).toBe(a.id);
    expect(await mongoose.connection.db!.collection("entries").countDocuments({ _type: "ScheduledSmsEntry", body: "keyed" })).toBe(1);
  });
});
