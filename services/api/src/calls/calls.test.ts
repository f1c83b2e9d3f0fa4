import mongoose, { Types } from "mongoose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AgentModel } from "../auth/agent.model.js";
import { CallEntryModel, VoicemailEntryModel } from "./call-entry.model.js";
import { EntryModel } from "../timeline/entry.model.js";
import { addPhoneNumber } from "../phone-numbers/phone-number.service.js";
import { codes, createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, nextEvent, postSigned, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { WebhookPath } from "../twilio/webhook-paths.js";

const START = `mutation($c: ID!, $from: String) { startCall(contactId: $c, from: $from) {
  id __typename callsid direction status duration errorMessage talkdeskPhoneNumber customerPhoneNumber agent { name } } }`;
const ENTRY = `query($id: ID!) { entry(id: $id) { __typename ... on CallEntry { status direction duration errorMessage } ... on VoicemailEntry { duration record callsid } } }`;

const shuffle = <T>(xs: T[]) =>
  xs
    .map((x) => [Math.random(), x] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, x]) => x);

describe("calls on the timeline", () => {
  let app: TestApp;
  let twilio: TestTwilio;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let voiceNumber: string;

  beforeAll(async () => {
    twilio = await startFakeTwilio("manual");
    app = await startTestApp({ file: import.meta.filename, twilio });
    tenant = await createTenant("Calls");
    await AgentModel.updateOne({ _id: tenant.agent._id }, { $set: { phone: "+15146300100" } });
    voiceNumber = (await addPhoneNumber({ accountId: tenant.accountId, number: "+16502907794", capabilities: { voice: true } })).phone_number;
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });
  beforeEach(() => twilio.reset());

  const call = async (phone: string, name = "Customer") => {
    const contact = await addCustomer(tenant.accountId, phone, name);
    const res = await app.gql(START, { c: String(contact._id) }, tenant.token);
    expect(res.errors).toBeUndefined();
    return { contact, entry: res.data.startCall };
  };

  describe("click-to-call", () => {
    it("stores a queued outbound call at once and asks Twilio to ring the agent's own phone first", async () => {
      const { entry } = await call("+15146300808", "Maria Santos");
      expect(entry).toMatchObject({
        __typename: "CallEntry",
        direction: "OUTBOUND",
        status: "QUEUED",
        talkdeskPhoneNumber: voiceNumber,
        customerPhoneNumber: "+15146300808",
        agent: { name: tenant.agent.name },
        errorMessage: null,
      });
      const created = twilio.requests.find((r) => r.path.endsWith("/Calls.json"))!;
      expect(created.params.To).toBe("+15146300100");
      expect(created.params.From).toBe(voiceNumber);
      expect(created.params.Url).toBe(`${app.config.publicUrl}${WebhookPath.agentAnswered}?entryId=${entry.id}`);
      expect(created.params.StatusCallback).toBe(`${app.config.publicUrl}${WebhookPath.callStatus}?entryId=${entry.id}&leg=agent`);
      expect(entry.callsid).toMatch(/^CA[0-9a-f]{32}$/);
    });

    it("shows a call nobody answers end as NO_ANSWER, live", async () => {
      twilio.setCallOutcome("+15146300809", { kind: "no-answer" });
      const contact = await addCustomer(tenant.accountId, "+15146300809", "No Answer");
      const live = nextEvent(app.ws(tenant.token), `subscription($c: ID!) { timelineUpdated(contactId: $c) { ... on CallEntry { status } } }`, {
        c: String(contact._id),
      });
      await live.ready;
      const entry = (await app.gql(START, { c: String(contact._id) }, tenant.token)).data.startCall;
      await twilio.runCall(entry.callsid);
      expect((await app.gql(ENTRY, { id: entry.id }, tenant.token)).data.entry).toEqual({
        __typename: "CallEntry",
        status: "NO_ANSWER",
        direction: "OUTBOUND",
        duration: null,
        errorMessage: null,
      });
      await new Promise((r) => setTimeout(r, 200));
      const seen = live.values.map((v) => v.data.timelineUpdated.status);
      expect(seen[0]).toBe("QUEUED");
      expect(seen.at(-1)).toBe("NO_ANSWER");
      expect(seen).toContain("RINGING");
    });

    it("records the duration of an answered call", async () => {
      twilio.setCallOutcome("+15146300810", { kind: "answer", seconds: 42 });
      const { entry } = await call("+15146300810");
      const steps = await twilio.runCall(entry.callsid);
      const connect = steps.find((s: { url: string }) => s.url.includes("/voice/connect"))!;
      expect(connect.body).toContain("<Dial");
      expect(connect.body).toContain("+15146300810</Number>");
      expect((await app.gql(ENTRY, { id: entry.id }, tenant.token)).data.entry).toMatchObject({ status: "COMPLETED", duration: 42 });
    });

    it("says so when the agent's own phone does not answer", async () => {
      await AgentModel.updateOne({ _id: tenant.agent._id }, { $set: { phone: "+15146310000" } });
      try {
        const { entry } = await call("+15146300811");
        await twilio.runCall(entry.callsid);
        expect((await app.gql(ENTRY, { id: entry.id }, tenant.token)).data.entry).toMatchObject({
          status: "FAILED",
          errorMessage: "Your phone did not answer, so the customer was not called.",
        });
      } finally {
        await AgentModel.updateOne({ _id: tenant.agent._id }, { $set: { phone: "+15146300100" } });
      }
    });

    it("moves forward only, whatever the order and repetition of the callbacks", async () => {
      twilio.setCallOutcome("+15146300812", { kind: "answer", seconds: 17 });
      const { entry } = await call("+15146300812");
      const steps: { url: string; params: Record<string, string> }[] = await twilio.runCall(entry.callsid);
      const callbacks = steps.filter((s) => s.url.includes("/voice/status"));
      expect(callbacks.length).toBeGreaterThan(4);
      // Replay every status callback of both legs three times in a shuffled order.
      for (const cb of shuffle([...callbacks, ...callbacks, ...callbacks])) {
        expect((await postSigned(cb.url, cb.params, twilio.authToken)).status).toBe(200);
      }
      expect((await app.gql(ENTRY, { id: entry.id }, tenant.token)).data.entry).toMatchObject({ status: "COMPLETED", duration: 17 });
      // A late "ringing" for the customer leg changes nothing.
      const ringing = callbacks.find((c) => c.url.includes("leg=customer") && c.params.CallStatus === "ringing")!;
      await postSigned(ringing.url, ringing.params, twilio.authToken);
      expect((await CallEntryModel.findById(entry.id).lean())!.status).toBe("completed");
    });

    it("refuses what cannot be called, with the reason", async () => {
      const contact = await addCustomer(tenant.accountId, "+15146300813", "Refusals");
      const other = await createTenant("Other");
      const foreign = await addPhoneNumber({ accountId: other.accountId, number: "+16502907795", capabilities: { voice: true } });
      const smsOnly = await addSmsNumber(tenant.accountId, { voice: false });
      const cases: [string, Record<string, unknown>, string, RegExp][] = [
        [tenant.apiKey, { c: String(contact._id) }, "FORBIDDEN", /Only a signed-in agent can place a call/],
        [tenant.token, { c: String(contact._id), from: foreign.phone_number }, "FORBIDDEN", /not one of your account's numbers/],
        [other.token, { c: String(contact._id) }, "NOT_FOUND", /No contact/],
        [tenant.token, { c: "nope" }, "BAD_USER_INPUT", /not a valid contact id/],
      ];
      await AgentModel.updateOne({ _id: other.agent._id }, { $set: { phone: "+15146300102" } });
      for (const [auth, vars, code, message] of cases) {
        const res = await app.gql(START, vars, auth);
        expect(codes(res), JSON.stringify(vars)).toEqual([code]);
        expect(res.errors![0].message).toMatch(message);
      }
      // An SMS-only number cannot be the caller id.
      const res = await app.gql(START, { c: String(contact._id), from: smsOnly }, tenant.token);
      expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
      // An agent without a phone is told how to fix it.
      await AgentModel.updateOne({ _id: tenant.agent._id }, { $unset: { phone: 1 } });
      const noPhone = await app.gql(START, { c: String(contact._id) }, tenant.token);
      await AgentModel.updateOne({ _id: tenant.agent._id }, { $set: { phone: "+15146300100" } });
      expect(codes(noPhone)).toEqual(["BAD_USER_INPUT"]);
      expect(noPhone.errors![0].message).toMatch(/no phone number/);
      expect(await CallEntryModel.countDocuments({ customer_id: contact._id })).toBe(0);
    });
  });

  describe("incoming calls", () => {
    const webhook = () => `${app.url}${WebhookPath.incomingCall}`;

    it("rings the agents, then takes a voicemail shaped like the company's documents", async () => {
      const result = await twilio.sendInboundCall({
        webhookUrl: webhook(),
        from: "+15146300900",
        to: voiceNumber,
        agents: { kind: "no-answer" },
        voicemail: { seconds: 12 },
      });
      expect(result.steps[0].status).toBe(200);
      expect(result.steps[0].body).toContain("<Dial");
      expect(result.steps[0].body).toContain("<Number>+15146300100</Number>");
      expect(result.steps.some((s: { body: string }) => s.body.includes("<Record"))).toBe(true);

      const callEntry = await CallEntryModel.findOne({ callsid: result.callSid }).lean();
      expect(callEntry).toMatchObject({
        direction: "inbound",
        status: "no-answer",
        customer_phone_number: "+15146300900",
        talkdesk_phone_number: voiceNumber,
      });
      const voicemail = await mongoose.connection.db!.collection("entries").findOne({ _type: "VoicemailEntry", callsid: result.callSid });
      // The seed's voicemail fields, with the same types (duration a string of seconds), plus created_at and the
      // de-duplication key.
      expect(Object.keys(voicemail!).sort()).toEqual(
        [
          "_id",
          "_type",
          "account_id",
          "callsid",
          "customer_id",
          "customer_phone_number",
          "duration",
          "record",
          "talkdesk_phone_number",
          "created_at",
          "dedupe_key",
          "__v",
        ].sort(),
      );
      expect(voicemail).toMatchObject({ duration: "12", customer_id: callEntry!.customer_id, account_id: tenant.accountId });
      expect(voicemail!.account_id).toBeInstanceOf(Types.ObjectId);
      expect(voicemail!.record).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/2010-04-01\/Accounts\/AC\w+\/Recordings\/RE[0-9a-f]{32}\.mp3$/);
      // Read by the same code as the legacy voicemail.
      const read = await app.gql(ENTRY, { id: String(voicemail!._id) }, tenant.token);
      expect(read.data.entry).toEqual({ __typename: "VoicemailEntry", duration: 12, record: voicemail!.record, callsid: result.callSid });
      const audio = await fetch(voicemail!.record);
      expect(audio.status).toBe(200);
      // The inbox shows it like a message.
      const contact = await app.gql(
        `query($id: ID!) { contact(id: $id) { unreadCount lastMessage { preview } } }`,
        { id: String(callEntry!.customer_id) },
        tenant.token,
      );
      expect(contact.data.contact).toEqual({ unreadCount: 1, lastMessage: { preview: "🎙 Voicemail (0:12)" } });
    });

    it("records an answered incoming call with its duration and no voicemail", async () => {
      const result = await twilio.sendInboundCall({
        webhookUrl: webhook(),
        from: "+15146300901",
        to: voiceNumber,
        agents: { kind: "answer", seconds: 30 },
      });
      expect(await CallEntryModel.findOne({ callsid: result.callSid }).lean()).toMatchObject({ status: "completed", duration: 30 });
      expect(await VoicemailEntryModel.countDocuments({ callsid: result.callSid })).toBe(0);
    });

    it("stores a replayed call webhook and a replayed recording callback once", async () => {
      const result = await twilio.sendInboundCall({
        webhookUrl: webhook(),
        from: "+15146300902",
        to: voiceNumber,
        agents: { kind: "no-answer" },
        voicemail: { seconds: 5 },
      });
      for (const step of result.steps) await postSigned(step.url, step.params, twilio.authToken);
      expect(await CallEntryModel.countDocuments({ callsid: result.callSid })).toBe(1);
      expect(await VoicemailEntryModel.countDocuments({ callsid: result.callSid })).toBe(1);
    });

    it("goes straight to voicemail when no agent has a phone", async () => {
      const bare = await createTenant("No phones");
      const number = (await addPhoneNumber({ accountId: bare.accountId, number: "+16502907796", capabilities: { voice: true } })).phone_number;
      const result = await twilio.sendInboundCall({ webhookUrl: webhook(), from: "+15146300903", to: number, voicemail: { seconds: 3 } });
      expect(result.steps[0].body).not.toContain("<Dial");
      expect(result.steps[0].body).toContain("<Record");
      expect(await VoicemailEntryModel.countDocuments({ account_id: bare.accountId })).toBe(1);
    });

    it("answers 404 for a number no account owns and 403 when unsigned, writing nothing", async () => {
      const before = await EntryModel.countDocuments({});
      const unknown = await twilio.sendInboundCall({ webhookUrl: webhook(), from: "+15146300904", to: "+16509999999" });
      expect(unknown.steps[0].status).toBe(404);
      const unsigned = await twilio.sendInboundCall({ webhookUrl: webhook(), from: "+15146300904", to: voiceNumber, unsigned: true });
      expect(unsigned.steps[0].status).toBe(403);
      expect(await EntryModel.countDocuments({})).toBe(before);
    });

    it("shows another account nothing of the call", async () => {
      const other = await createTenant("Eavesdropper");
      const spy = nextEvent(app.ws(other.token), `subscription { conversationUpdated { id } }`);
      await spy.ready;
      await twilio.sendInboundCall({
        webhookUrl: webhook(),
        from: "+15146300905",
        to: voiceNumber,
        agents: { kind: "no-answer" },
        voicemail: { seconds: 4 },
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(spy.values).toEqual([]);
    });
  });
});
