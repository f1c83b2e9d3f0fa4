import { randomBytes } from "node:crypto";
import mongoose, { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, createTenant, startTestApp, waitUntil, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, nextEvent, postSigned, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { AccountModel } from "../accounts/account.model.js";
import { createAgent, startSession } from "../auth/auth.service.js";
import { AgentPresenceModel } from "../auth/presence.js";
import { ContactModel } from "../contacts/contact.model.js";
import { WebhookPath } from "../twilio/webhook-paths.js";
import { ConversationModel } from "./conversation.model.js";

/**
 * The team inbox through the real server: ownership, status, reopening on the customer's message, auto-assignment on
 * reply, the inbox's tabs and counts, and snoozes ending on exactly one of two replicas.
 */

const CONTACT = `id status assignee { id name } snoozedUntil statusChangedAt firstResponseDueAt firstResponseAt`;
const ASSIGN = `mutation($c: ID!, $a: ID) { assignConversation(contactId: $c, agentId: $a) { ${CONTACT} } }`;
const SET_STATUS = `mutation($c: ID!, $s: ConversationStatus!, $u: DateTimeISO) { setConversationStatus(contactId: $c, status: $s, snoozedUntil: $u) { ${CONTACT} } }`;
const EVENTS = `query($c: ID!) { contact(id: $c) { timeline(types: [CONVERSATION_EVENT], first: 50) { edges { node {
  __typename createdAt ... on ConversationEventEntry { kind text fromStatus toStatus snoozedUntil actor { name } assignee { name } } } } } } }`;
const INBOX = `query($f: ConversationFilter, $first: Int, $after: String) { conversations(filter: $f, first: $first, after: $after) {
  edges { node { id status assignee { id } } } pageInfo { hasNextPage endCursor } } }`;
const COUNTS = `{ conversationCounts { mine unassigned open pending snoozed resolved } }`;
const SEND = `mutation($c: ID!, $b: String!) { sendSms(input: { contactId: $c, body: $b }) { id } }`;

const sid = (prefix: string) => prefix + randomBytes(16).toString("hex");
let offsetMs = 0;
/** The servers' clock for the snooze sweep: real time, moved forward by the test. */
const clock = () => new Date(Date.now() + offsetMs);

describe("team inbox", () => {
  let app: TestApp;
  let replica: TestApp;
  let twilio: TestTwilio;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let other: Awaited<ReturnType<typeof createTenant>>;
  let ben: { id: string; token: string };
  let number: string;
  let phoneSeq = 0;

  beforeAll(async () => {
    twilio = await startFakeTwilio("manual");
    app = await startTestApp({ file: import.meta.filename, twilio, snoozeSweepEveryMs: 100, now: clock });
    replica = await startTestApp({ file: import.meta.filename, twilio, snoozeSweepEveryMs: 100, now: clock });
    tenant = await createTenant("Inbox");
    other = await createTenant("Elsewhere");
    await AccountModel.updateOne({ _id: tenant.accountId }, { $set: { name: "Inbox" } });
    const agent = await createAgent({
      accountId: tenant.accountId,
      name: "Ben",
      email: `ben.${String(tenant.accountId)}@example.com`,
      password: "correct horse battery",
    });
    ben = { id: String(agent._id), token: (await startSession(agent, app.config.sessionSecret)).token };
    await mongoose.connection.db!.collection("agents").updateOne({ _id: tenant.agent._id }, { $set: { name: "Ana" } });
    number = await addSmsNumber(tenant.accountId);
  });
  afterAll(async () => {
    await replica?.close();
    await app?.close();
    await twilio?.close();
  });

  const gql = async (query: string, variables: Record<string, unknown> = {}, token = tenant.token) => {
    const res = await app.gql(query, variables, token);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  const freshPhone = () => `+1514631${String(++phoneSeq).padStart(4, "0")}`;
  /** A customer who has texted the account (so the conversation is in the inbox). */
  const customer = async (name = "Customer") => {
    const phone = freshPhone();
    const contact = await addCustomer(tenant.accountId, phone, name);
    await inbound(phone, "hello");
    return { id: String(contact._id), phone };
  };
  const inbound = async (from: string, body: string, messageSid = sid("SM")) => {
    const params = { AccountSid: twilio.accountSid, MessageSid: messageSid, From: from, To: number, Body: body };
    const res = await postSigned(`${app.url}${WebhookPath.incomingSms}`, params, twilio.authToken);
    expect(res.status).toBe(200);
    return params;
  };
  const events = async (contactId: string, token = tenant.token) => {
    const data = await gql(EVENTS, { c: contactId }, token);
    return data.contact.timeline.edges.map((e: { node: unknown }) => e.node) as {
      kind: string;
      text: string;
      fromStatus: string | null;
      toStatus: string | null;
      actor: { name: string } | null;
      assignee: { name: string } | null;
    }[];
  };

  describe("a contact written before the team inbox", () => {
    it("reads as open and unassigned", async () => {
      const contact = await addCustomer(tenant.accountId, freshPhone(), "Old");
      const raw = await ConversationModel.findById(contact._id).lean();
      expect(raw?.status).toBeUndefined();
      const data = await gql(`query($c: ID!) { contact(id: $c) { ${CONTACT} } }`, { c: String(contact._id) });
      expect(data.contact).toMatchObject({ status: "OPEN", assignee: null, snoozedUntil: null, statusChangedAt: null });
    });
  });

  describe("assignConversation", () => {
    it("assigns, reassigns and unassigns, each with one event and its sentence", async () => {
      const { id } = await customer();
      expect((await gql(ASSIGN, { c: id, a: ben.id })).assignConversation.assignee).toEqual({ id: ben.id, name: "Ben" });
      await gql(ASSIGN, { c: id, a: String(tenant.agent._id) }, ben.token);
      expect((await gql(ASSIGN, { c: id, a: null })).assignConversation.assignee).toBeNull();
      await gql(ASSIGN, { c: id, a: ben.id });
      await gql(ASSIGN, { c: id, a: null });
      const texts = (await events(id)).map((e) => [e.kind, e.text]);
      expect(texts).toEqual([
        ["UNASSIGNED", "Ana unassigned Ben"],
        ["ASSIGNED", "Ana assigned this to Ben"],
        ["UNASSIGNED", "Ana unassigned this"],
        ["ASSIGNED", "Ben assigned this to Ana"],
        ["ASSIGNED", "Ana assigned this to Ben"],
      ]);
    });

    it("is idempotent: the same call twice (or five at once) changes nothing more and writes one event", async () => {
      const { id } = await customer();
      await Promise.all(Array.from({ length: 5 }, () => app.gql(ASSIGN, { c: id, a: ben.id }, tenant.token)));
      await gql(ASSIGN, { c: id, a: ben.id });
      expect((await events(id)).map((e) => e.kind)).toEqual(["ASSIGNED"]);
      // Unassigning an unassigned conversation writes nothing either.
      const { id: lonely } = await customer();
      await gql(ASSIGN, { c: lonely, a: null });
      expect(await events(lonely)).toEqual([]);
    });

    it("refuses another account's contact and another account's agent with NOT_FOUND, as for ids that do not exist", async () => {
      const { id } = await customer();
      const theirs = await addCustomer(other.accountId, freshPhone(), "Theirs");
      const before = await ConversationModel.findById(theirs._id).lean();
      const foreign = await app.gql(ASSIGN, { c: String(theirs._id), a: String(other.agent._id) }, tenant.token);
      const missing = await app.gql(ASSIGN, { c: String(new Types.ObjectId()), a: null }, tenant.token);
      expect(codes(foreign)).toEqual(["NOT_FOUND"]);
      expect(foreign.errors![0].message).toBe(`No contact with id "${String(theirs._id)}" exists in your account.`);
      expect(codes(missing)).toEqual(["NOT_FOUND"]);
      const agentOfOther = await app.gql(ASSIGN, { c: id, a: String(other.agent._id) }, tenant.token);
      const noAgent = await app.gql(ASSIGN, { c: id, a: String(new Types.ObjectId()) }, tenant.token);
      expect(codes(agentOfOther)).toEqual(["NOT_FOUND"]);
      expect(agentOfOther.errors![0].message).toBe(`No agent with id "${String(other.agent._id)}" exists in your account.`);
      expect(codes(noAgent)).toEqual(["NOT_FOUND"]);
      expect(codes(await app.gql(ASSIGN, { c: id, a: "nope" }, tenant.token))).toEqual(["BAD_USER_INPUT"]);
      expect(await ConversationModel.findById(theirs._id).lean()).toEqual(before);
      expect((await gql(`query($c: ID!) { contact(id: $c) { assignee { id } } }`, { c: id })).contact.assignee).toBeNull();
      expect(await events(id)).toEqual([]);
    });

    it("tells the inbox and the timeline live", async () => {
      const { id } = await customer();
      const client = app.ws(tenant.token);
      const inbox = nextEvent(client, `subscription { conversationUpdated { id assignee { name } status } }`);
      const timeline = nextEvent(client, `subscription($c: ID!) { timelineUpdated(contactId: $c) { ... on ConversationEventEntry { kind text } } }`, {
        c: id,
      });
      await Promise.all([inbox.ready, timeline.ready]);
      await gql(ASSIGN, { c: id, a: ben.id });
      expect((await inbox.next()).data.conversationUpdated).toEqual({ id, assignee: { name: "Ben" }, status: "OPEN" });
      expect((await timeline.next()).data.timelineUpdated).toEqual({ kind: "ASSIGNED", text: "Ana assigned this to Ben" });
      inbox.stop();
      timeline.stop();
    });
  });

  describe("setConversationStatus", () => {
    it("resolves, marks pending and reopens, each with one event; the same call twice writes one", async () => {
      const { id } = await customer();
      const resolved = (await gql(SET_STATUS, { c: id, s: "RESOLVED" }, ben.token)).setConversationStatus;
      expect(resolved.status).toBe("RESOLVED");
      expect(resolved.statusChangedAt).not.toBeNull();
      await gql(SET_STATUS, { c: id, s: "RESOLVED" }, ben.token);
      await gql(SET_STATUS, { c: id, s: "PENDING" });
      await gql(SET_STATUS, { c: id, s: "OPEN" });
      await gql(SET_STATUS, { c: id, s: "OPEN" });
      expect((await events(id)).map((e) => [e.text, e.fromStatus, e.toStatus])).toEqual([
        ["Ana reopened this", "PENDING", "OPEN"],
        ["Ana marked this pending", "RESOLVED", "PENDING"],
        ["Ben resolved this", "OPEN", "RESOLVED"],
      ]);
      // Open is already what an untouched conversation is: nothing to write.
      const { id: untouched } = await customer();
      await gql(SET_STATUS, { c: untouched, s: "OPEN" });
      expect(await events(untouched)).toEqual([]);
    });

    it("snoozes only until a future time, and only SNOOZED takes one; bad input changes nothing", async () => {
      const { id } = await customer();
      const past = new Date(Date.now() - 60_000).toISOString();
      const later = new Date(Date.now() + 3600_000).toISOString();
      for (const variables of [
        { c: id, s: "SNOOZED" },
        { c: id, s: "SNOOZED", u: past },
        { c: id, s: "SNOOZED", u: new Date(Date.now() + 400 * 24 * 3600_000).toISOString() },
        { c: id, s: "RESOLVED", u: later },
      ]) {
        const res = await app.gql(SET_STATUS, variables, tenant.token);
        expect(codes(res), JSON.stringify(variables)).toEqual(["BAD_USER_INPUT"]);
        expect(res.errors![0].message).toMatch(/snoozedUntil/);
      }
      expect(await events(id)).toEqual([]);
      const snoozed = (await gql(SET_STATUS, { c: id, s: "SNOOZED", u: later })).setConversationStatus;
      expect(snoozed).toMatchObject({ status: "SNOOZED", snoozedUntil: later });
      await gql(SET_STATUS, { c: id, s: "SNOOZED", u: later });
      expect((await events(id)).map((e) => e.text)).toEqual(["Ana snoozed this"]);
    });

    it("refuses another account's contact with NOT_FOUND", async () => {
      const theirs = await addCustomer(other.accountId, freshPhone(), "Theirs");
      expect(codes(await app.gql(SET_STATUS, { c: String(theirs._id), s: "RESOLVED" }, tenant.token))).toEqual(["NOT_FOUND"]);
      expect((await ConversationModel.findById(theirs._id).lean())?.status).toBeUndefined();
    });
  });

  describe("bulk actions (the inbox's selection)", () => {
    const ASSIGN_MANY = `mutation($c: [ID!]!, $a: ID) { assignConversations(contactIds: $c, agentId: $a) { ${CONTACT} } }`;
    const SET_MANY = `mutation($c: [ID!]!, $s: ConversationStatus!, $u: DateTimeISO) { setConversationsStatus(contactIds: $c, status: $s, snoozedUntil: $u) { ${CONTACT} } }`;

    it("assigns and resolves several conversations, one event each, in the order given; the same call twice writes none", async () => {
      const ids = [(await customer()).id, (await customer()).id, (await customer()).id];
      const assigned = (await gql(ASSIGN_MANY, { c: ids, a: ben.id })).assignConversations;
      expect(assigned.map((c: { id: string; assignee: { id: string } }) => [c.id, c.assignee.id])).toEqual(ids.map((id) => [id, ben.id]));
      await gql(ASSIGN_MANY, { c: [...ids, ids[0]], a: ben.id });
      const reversed = [...ids].reverse();
      const resolved = (await gql(SET_MANY, { c: reversed, s: "RESOLVED" }, ben.token)).setConversationsStatus;
      expect(resolved.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual(reversed.map((id) => [id, "RESOLVED"]));
      await gql(SET_MANY, { c: ids, s: "RESOLVED" }, ben.token);
      for (const id of ids) expect((await events(id)).map((e) => e.text)).toEqual(["Ben resolved this", "Ana assigned this to Ben"]);
    });

    it("checks every id first: one of another account, or none at all, and nothing changes", async () => {
      const mine = (await customer()).id;
      const theirs = String((await addCustomer(other.accountId, freshPhone(), "Theirs"))._id);
      for (const c of [
        [mine, theirs],
        [mine, new Types.ObjectId().toHexString()],
      ]) {
        const res = await app.gql(SET_MANY, { c, s: "RESOLVED" }, tenant.token);
        expect(codes(res)).toEqual(["NOT_FOUND"]);
        expect(res.errors![0].message).toContain(c[1]);
        expect(codes(await app.gql(ASSIGN_MANY, { c, a: ben.id }, tenant.token))).toEqual(["NOT_FOUND"]);
      }
      expect(codes(await app.gql(ASSIGN_MANY, { c: [mine], a: String(other.agent._id) }, tenant.token))).toEqual(["NOT_FOUND"]);
      const empty = await app.gql(SET_MANY, { c: [], s: "RESOLVED" }, tenant.token);
      expect(codes(empty)).toEqual(["BAD_USER_INPUT"]);
      const tooMany = Array.from({ length: 101 }, () => new Types.ObjectId().toHexString());
      const many = await app.gql(ASSIGN_MANY, { c: tooMany, a: null }, tenant.token);
      expect(codes(many)).toEqual(["BAD_USER_INPUT"]);
      expect(many.errors![0].message).toMatch(/At most 100/);
      expect(codes(await app.gql(SET_MANY, { c: [mine], s: "SNOOZED" }, tenant.token))).toEqual(["BAD_USER_INPUT"]);
      expect(await events(mine)).toEqual([]);
      expect(await ConversationModel.findById(theirs).lean()).not.toHaveProperty("status");
    });
  });

  describe("the customer's message reopens", () => {
    it("a resolved conversation: open again with one event; the same webhook replayed writes no second one", async () => {
      const { id, phone } = await customer();
      await gql(SET_STATUS, { c: id, s: "RESOLVED" });
      const params = await inbound(phone, "one more thing");
      const reopened = await waitUntil("reopened", async () => {
        const data = await gql(`query($c: ID!) { contact(id: $c) { status } }`, { c: id });
        return data.contact.status === "OPEN";
      });
      expect(reopened).toBe(true);
      const replay = await postSigned(`${app.url}${WebhookPath.incomingSms}`, params, twilio.authToken);
      expect(replay.status).toBe(200);
      await inbound(phone, "and another");
      const list = await events(id);
      expect(list.map((e) => [e.kind, e.text, e.fromStatus, e.actor])).toEqual([
        ["REOPENED_BY_CUSTOMER", "Reopened by the customer's message", "RESOLVED", null],
        ["STATUS_CHANGED", "Ana resolved this", "OPEN", { name: "Ana" }],
      ]);
    });

    it("live: the inbox row moves back to open", async () => {
      const { id, phone } = await customer();
      await gql(SET_STATUS, { c: id, s: "RESOLVED" });
      const inbox = nextEvent(app.ws(tenant.token), `subscription { conversationUpdated { id status } }`);
      await inbox.ready;
      await inbound(phone, "me again");
      await waitUntil(
        "the row reopened live",
        async () => inbox.values.some((v) => v.data.conversationUpdated.id === id && v.data.conversationUpdated.status === "OPEN"),
        5_000,
      );
      inbox.stop();
    });

    it("a snoozed conversation", async () => {
      const { id, phone } = await customer();
      await gql(SET_STATUS, { c: id, s: "SNOOZED", u: new Date(Date.now() + 3600_000).toISOString() });
      await inbound(phone, "are you there?");
      await waitUntil(
        "reopened",
        async () => (await gql(`query($c: ID!) { contact(id: $c) { status snoozedUntil } }`, { c: id })).contact.status === "OPEN",
      );
      expect((await events(id)).map((e) => e.kind)).toEqual(["REOPENED_BY_CUSTOMER", "STATUS_CHANGED"]);
      expect((await ConversationModel.findById(id).lean())?.snoozed_until).toBeUndefined();
    });

    it("not an open or pending one", async () => {
      const { id, phone } = await customer();
      await gql(SET_STATUS, { c: id, s: "PENDING" });
      await inbound(phone, "here it is");
      expect((await gql(`query($c: ID!) { contact(id: $c) { status } }`, { c: id })).contact.status).toBe("PENDING");
      expect((await events(id)).map((e) => e.kind)).toEqual(["STATUS_CHANGED"]);
    });
  });

  describe("replying", () => {
    it("assigns an unassigned conversation to the agent who replied, once, and measures the first response", async () => {
      const { id } = await customer();
      const before = (await gql(`query($c: ID!) { contact(id: $c) { ${CONTACT} } }`, { c: id })).contact;
      expect(before.firstResponseDueAt).not.toBeNull();
      expect(before.firstResponseAt).toBeNull();
      await gql(SEND, { c: id, b: "Hi, Ben here" }, ben.token);
      await gql(SEND, { c: id, b: "Anything else?" }, ben.token);
      const after = (await gql(`query($c: ID!) { contact(id: $c) { ${CONTACT} } }`, { c: id })).contact;
      expect(after.assignee).toEqual({ id: ben.id, name: "Ben" });
      expect(new Date(after.firstResponseAt).getTime()).toBeGreaterThanOrEqual(new Date(before.firstResponseDueAt).getTime() - 15 * 60_000);
      expect((await events(id)).map((e) => e.text)).toEqual(["Ben took this"]);
    });

    it("leaves an assigned conversation with its owner", async () => {
      const { id } = await customer();
      await gql(ASSIGN, { c: id, a: String(tenant.agent._id) });
      await gql(SEND, { c: id, b: "covering for Ana" }, ben.token);
      expect((await gql(`query($c: ID!) { contact(id: $c) { assignee { name } } }`, { c: id })).contact.assignee).toEqual({ name: "Ana" });
    });

    it("assigns nobody for an API key, nor when the account turned it off", async () => {
      const { id } = await customer();
      await gql(SEND, { c: id, b: "from the CRM" }, tenant.apiKey);
      expect((await gql(`query($c: ID!) { contact(id: $c) { assignee { id } } }`, { c: id })).contact.assignee).toBeNull();
      const off = await gql(`mutation { updateInboxSettings(autoAssignOnReply: false) { autoAssignOnReply autoAssignment } }`);
      expect(off.updateInboxSettings).toEqual({ autoAssignOnReply: false, autoAssignment: "NONE" });
      try {
        expect((await gql(`{ me { account { autoAssignOnReply } } }`)).me.account.autoAssignOnReply).toBe(false);
        await gql(SEND, { c: id, b: "Hi" }, ben.token);
        expect((await gql(`query($c: ID!) { contact(id: $c) { assignee { id } } }`, { c: id })).contact.assignee).toBeNull();
        expect(await events(id)).toEqual([]);
      } finally {
        await AccountModel.updateOne({ _id: tenant.accountId }, { $unset: { auto_assign_on_reply: 1 } });
      }
    });
  });

  describe("round-robin assignment of new conversations", () => {
    it("gives each new conversation to the next agent online (a console socket, on either replica); nobody offline", async () => {
      const team = await createTenant("Round robin");
      const teamNumber = await addSmsNumber(team.accountId);
      const mk = async (name: string) => {
        const agent = await createAgent({
          accountId: team.accountId,
          name,
          email: `${name}.${String(team.accountId)}@example.com`,
          password: "correct horse battery",
        });
        return { id: String(agent._id), token: (await startSession(agent, app.config.sessionSecret)).token };
      };
      const [dee, eve, fay] = [await mk("dee"), await mk("eve"), await mk("fay")];
      const settings = await gql(
        `mutation { updateInboxSettings(autoAssignment: ROUND_ROBIN) { autoAssignment autoAssignOnReply } }`,
        {},
        team.token,
      );
      expect(settings.updateInboxSettings).toEqual({ autoAssignment: "ROUND_ROBIN", autoAssignOnReply: true });
      expect(codes(await app.gql(`mutation { updateInboxSettings { autoAssignment } }`, {}, team.token))).toEqual(["BAD_USER_INPUT"]);

      const online = () => AgentPresenceModel.countDocuments({ account_id: team.accountId });
      // Nobody online: a new conversation waits in Unassigned.
      const texts = async (n: number) => {
        const ids: string[] = [];
        for (let i = 0; i < n; i++) {
          const phone = freshPhone();
          const params = { AccountSid: twilio.accountSid, MessageSid: sid("SM"), From: phone, To: teamNumber, Body: "hi" };
          expect((await postSigned(`${app.url}${WebhookPath.incomingSms}`, params, twilio.authToken)).status).toBe(200);
          ids.push(String((await ContactModel.findOne({ account_id: team.accountId, phone_numbers: phone }).lean())!._id));
        }
        return Promise.all(ids.map(async (id) => (await ConversationModel.findById(id).lean())?.assignee_id?.toString() ?? null));
      };
      expect(await texts(1)).toEqual([null]);

      // Dee's console on this replica, Eve's on the other; Fay is offline.
      const deeSocket = app.ws(dee.token);
      const eveSocket = replica.ws(eve.token);
      await waitUntil("both agents online", async () => (await online()) === 2, 5_000);
      const inTurn = [dee.id, eve.id].sort();
      expect(await texts(4)).toEqual([...inTurn, ...inTurn]);
      const assigned = await events(
        String((await ConversationModel.findOne({ account_id: team.accountId, assignee_id: new Types.ObjectId(dee.id) }).lean())!._id),
        team.token,
      );
      expect(assigned.map((e) => [e.kind, e.text, e.actor])).toEqual([["ASSIGNED", "The system assigned this to dee", null]]);

      // Eve closes her console: only Dee is online.
      await eveSocket.dispose();
      await waitUntil("Eve offline", async () => (await online()) === 1, 5_000);
      expect(await texts(2)).toEqual([dee.id, dee.id]);
      expect(await ConversationModel.countDocuments({ account_id: team.accountId, assignee_id: new Types.ObjectId(fay.id) })).toBe(0);
      await deeSocket.dispose();
      await waitUntil("nobody online", async () => (await online()) === 0, 5_000);
    });
  });

  describe("the inbox's tabs and their counts", () => {
    it("filters by assignee and status, pages in the inbox's order, and counts what each tab lists", async () => {
      const fresh = await createTenant("Tabs");
      const agent = await createAgent({
        accountId: fresh.accountId,
        name: "Cy",
        email: `cy.${String(fresh.accountId)}@example.com`,
        password: "correct horse battery",
      });
      const tabNumber = await addSmsNumber(fresh.accountId);
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const phone = freshPhone();
        const contact = await addCustomer(fresh.accountId, phone, `Tab ${i}`);
        const params = { AccountSid: twilio.accountSid, MessageSid: sid("SM"), From: phone, To: tabNumber, Body: `m${i}` };
        expect((await postSigned(`${app.url}${WebhookPath.incomingSms}`, params, twilio.authToken)).status).toBe(200);
        ids.push(String(contact._id));
      }
      // Quiet contacts (no message) are in no tab.
      await addCustomer(fresh.accountId, freshPhone(), "Quiet");
      const q = (query: string, variables: Record<string, unknown> = {}) => gql(query, variables, fresh.token);
      // 0, 1: mine (open); 2: Cy's; 3: resolved; 4: snoozed, mine; 5: pending; 6: untouched (open, unassigned).
      await q(ASSIGN, { c: ids[0], a: String(fresh.agent._id) });
      await q(ASSIGN, { c: ids[1], a: String(fresh.agent._id) });
      await q(ASSIGN, { c: ids[2], a: String(agent._id) });
      await q(SET_STATUS, { c: ids[3], s: "RESOLVED" });
      await q(ASSIGN, { c: ids[4], a: String(fresh.agent._id) });
      await q(SET_STATUS, { c: ids[4], s: "SNOOZED", u: new Date(Date.now() + 3600_000).toISOString() });
      await q(SET_STATUS, { c: ids[5], s: "PENDING" });
      const newestFirst = (list: number[]) => list.sort((a, b) => b - a).map((i) => ids[i]);
      const tab = async (f: Record<string, unknown> | null) => {
        const all: string[] = [];
        let after: string | null = null;
        do {
          const page: any = (await q(INBOX, { f, first: 2, after })).conversations;
          all.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
          after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        } while (after);
        return all;
      };
      expect(await tab(null)).toEqual(newestFirst([0, 1, 2, 3, 4, 5, 6]));
      expect(await tab({})).toEqual(newestFirst([0, 1, 2, 3, 4, 5, 6]));
      expect(await tab({ assignee: "ME" })).toEqual(newestFirst([0, 1, 4]));
      expect(await tab({ assignee: "ME", status: ["OPEN"] })).toEqual(newestFirst([0, 1]));
      expect(await tab({ assignee: "UNASSIGNED", status: ["OPEN"] })).toEqual(newestFirst([6]));
      expect(await tab({ assignee: "UNASSIGNED" })).toEqual(newestFirst([3, 5, 6]));
      expect(await tab({ agentId: String(agent._id) })).toEqual(newestFirst([2]));
      expect(await tab({ status: ["OPEN"] })).toEqual(newestFirst([0, 1, 2, 6]));
      expect(await tab({ status: ["OPEN", "PENDING"] })).toEqual(newestFirst([0, 1, 2, 5, 6]));
      expect(await tab({ assignee: "ANY", status: ["RESOLVED"] })).toEqual(newestFirst([3]));
      expect((await q(COUNTS)).conversationCounts).toEqual({ mine: 2, unassigned: 1, open: 4, pending: 1, snoozed: 1, resolved: 1 });
      // The API key sees the same tabs but owns none.
      expect((await gql(COUNTS, {}, fresh.apiKey)).conversationCounts.mine).toBe(0);
    });

    it("counts up to 1,000: a tab's count is bounded work however large the account", async () => {
      const big = await createTenant("Big");
      const at = new Date();
      const contacts = (n: number, status: string) =>
        Array.from({ length: n }, (_, i) => ({
          account_id: big.accountId,
          name: `Resolved ${i}`,
          phone_numbers: [],
          status,
          last_activity_at: at,
          last_message: { entry_id: new Types.ObjectId(), preview: "thanks", direction: "inbound", at },
        }));
      await mongoose.connection.db!.collection("contacts").insertMany([...contacts(1005, "resolved"), ...contacts(3, "pending")]);
      expect((await gql(COUNTS, {}, big.token)).conversationCounts).toEqual({
        mine: 0,
        unassigned: 0,
        open: 0,
        pending: 3,
        snoozed: 0,
        resolved: 1000,
      });
    });

    it("refuses filters that cannot mean anything, in words", async () => {
      const bad = [
        [{ assignee: "ME", agentId: String(tenant.agent._id) }, "BAD_USER_INPUT"],
        [{ status: [] }, "BAD_USER_INPUT"],
        [{ agentId: "x" }, "BAD_USER_INPUT"],
        [{ agentId: String(other.agent._id) }, "NOT_FOUND"],
      ] as const;
      for (const [f, code] of bad) expect(codes(await app.gql(INBOX, { f }, tenant.token)), JSON.stringify(f)).toEqual([code]);
      expect(codes(await app.gql(INBOX, { f: { assignee: "ME" } }, tenant.apiKey))).toEqual(["BAD_USER_INPUT"]);
    });
  });

  describe("a snooze ends by itself", () => {
    it("at snoozedUntil, on exactly one of two replicas: open again, one SNOOZE_ENDED event each", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await customer()).id);
      const until = new Date(Date.now() + 3600_000).toISOString();
      for (const id of ids) await gql(SET_STATUS, { c: id, s: "SNOOZED", u: until });
      const status = async (id: string) => (await gql(`query($c: ID!) { contact(id: $c) { status } }`, { c: id })).contact.status;
      // Both replicas sweep every 100 ms: nothing is due yet.
      await new Promise((r) => setTimeout(r, 400));
      expect(await Promise.all(ids.map(status))).toEqual(ids.map(() => "SNOOZED"));
      offsetMs = 2 * 3600_000;
      try {
        await waitUntil("the snoozes to end", async () => (await Promise.all(ids.map(status))).every((s) => s === "OPEN"), 10_000);
        // Both replicas keep sweeping: give them rounds to (wrongly) claim them again.
        await new Promise((r) => setTimeout(r, 500));
      } finally {
        offsetMs = 0;
      }
      for (const id of ids) {
        expect((await events(id)).map((e) => [e.kind, e.text])).toEqual([
          ["SNOOZE_ENDED", "The snooze ended: open again"],
          ["STATUS_CHANGED", "Ana snoozed this"],
        ]);
      }
    });
  });
});
