import { randomBytes } from "node:crypto";
import { getOperationAST, parse, type GraphQLSchema } from "graphql";
import mongoose, { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, createTenant, signIn, startTestApp, type GraphQLResponse, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, nextEvent, postSigned, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { AgentModel } from "../auth/agent.model.js";
import { createAgent, startSession } from "../auth/auth.service.js";
import { WebhookPath } from "../twilio/webhook-paths.js";
import { buildAppSchema } from "./schema.js";

/**
 * The isolation matrix: for every query, mutation, subscription and webhook, account B (its agent and its API key),
 * given account A's ids, numbers, cursors and SIDs, gets NOT_FOUND, FORBIDDEN or nothing of A's, and A's documents
 * stay byte for byte as they were. The last test fails when an operation or a webhook path has no case here.
 */

type Tenant = Awaited<ReturnType<typeof createTenant>>;
/** One of B's two credentials, and what the case may use of either account. */
interface Probe {
  gql: (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;
  credential: string;
  kind: "agent" | "api key";
}

const sid = (prefix: string) => prefix + randomBytes(16).toString("hex");
const SEND = `mutation($input: SendSmsInput!) { sendSms(input: $input) { id messageSid } }`;

let app: TestApp;
let twilio: TestTwilio;
let a: Tenant;
let b: Tenant;
/** A's resources, as an attacker in B would have learned them. */
const A = {} as {
  scheduledId: string;
  number: string;
  customerPhone: string;
  contactId: string;
  contactName: string;
  smsId: string;
  outboundId: string;
  noteId: string;
  callId: string;
  callSid: string;
  /** A's click-to-call (outbound), still queued. */
  clickCallId: string;
  apiKeyId: string;
  /** A's canned reply, with the shortcut /a-only. */
  cannedReplyId: string;
  contactsCursor: string;
  conversationsCursor: string;
  /** A second agent of A's, whose typing A's first agent sees. */
  secondAgentToken: string;
};
/** B's own resources, for the cases that mix them with A's. */
const B = {} as { number: string; contactId: string; messageSid: string; callSid: string };

const webhook = (path: string, query: Record<string, string> = {}) => {
  const search = new URLSearchParams(query).toString();
  return `${app.url}${path}${search ? `?${search}` : ""}`;
};
const signed = (url: string, params: Record<string, string>) => postSigned(url, { AccountSid: twilio.accountSid, ...params }, twilio.authToken);

async function inboundSms(to: string, from: string, body: string) {
  const res = await signed(webhook(WebhookPath.incomingSms), { MessageSid: sid("SM"), From: from, To: to, Body: body });
  expect(res.status).toBe(200);
}

async function inboundCall(to: string, from: string, callSid: string) {
  const res = await signed(webhook(WebhookPath.incomingCall), { CallSid: callSid, From: from, To: to, CallStatus: "ringing" });
  expect(res.status).toBe(200);
}

/** Every document of account A, in a stable order: what no operation of B may change. */
async function snapshotOfA(): Promise<string> {
  const db = mongoose.connection.db!;
  const parts: unknown[] = [];
  for (const name of [
    "accounts",
    "agents",
    "api_keys",
    "sessions",
    "contacts",
    "contact_phone_numbers",
    "entries",
    "phone_numbers",
    "canned_replies",
  ]) {
    const filter = name === "accounts" ? { _id: a.accountId } : { account_id: a.accountId };
    parts.push(name, await db.collection(name).find(filter).sort({ _id: 1 }).toArray());
  }
  return mongoose.mongo.BSON.EJSON.stringify(parts);
}

const idsIn = (value: unknown) => JSON.stringify(value ?? null);
const expectNothingOfA = (res: GraphQLResponse) => {
  const text = idsIn(res);
  for (const id of [
    A.contactId,
    A.smsId,
    A.outboundId,
    A.noteId,
    A.callId,
    A.scheduledId,
    A.apiKeyId,
    String(a.accountId),
    A.number,
    A.contactName,
  ]) {
    expect(text).not.toContain(id);
  }
};

/** Resolves with the events `query` delivered to `credential` within `ms` after `trigger` ran, and its errors. */
async function eventsDuring(credential: string, query: string, variables: Record<string, unknown>, trigger: () => Promise<void>) {
  const client = app.ws(credential);
  const sub = nextEvent(client, query, variables);
  await sub.ready;
  await trigger();
  await new Promise((r) => setTimeout(r, 400));
  sub.stop();
  // Closed now, not when the app closes: every open socket of A's agent holds a credential listener.
  await client.dispose();
  return { values: sub.values, errors: sub.errors };
}

/** A subscription to A's contact is refused up front (NOT_FOUND, as its one result) and delivers nothing after. */
function expectRefused(seen: { values: unknown[]; errors: unknown[] }) {
  expect(seen.values).toEqual([{ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "NOT_FOUND" }) })] }]);
}

/** A's own subscriber sees the trigger's events: the silence of B's is not an event that never happened. */
async function aSees(query: string, variables: Record<string, unknown>, trigger: () => Promise<void>) {
  const seen = await eventsDuring(a.token, query, variables, trigger);
  expect(seen.values.length).toBeGreaterThan(0);
}

const OPERATIONS: Record<string, (p: Probe) => Promise<void>> = {
  // ── Queries ──
  me: async (p) => {
    const res = await p.gql(`{ me { account { id name } agent { id } } }`);
    expect(res.data.me.account.id).toBe(String(b.accountId));
    expectNothingOfA(res);
  },
  agents: async (p) => {
    const res = await p.gql(`{ agents { id name email } }`);
    expect(res.data.agents.map((agent: { id: string }) => agent.id)).toEqual([String(b.agent._id)]);
    expectNothingOfA(res);
  },
  contact: async (p) => {
    expect(codes(await p.gql(`query($id: ID!) { contact(id: $id) { id } }`, { id: A.contactId }))).toEqual(["NOT_FOUND"]);
  },
  contacts: async (p) => {
    for (const variables of [{ search: A.contactName }, { search: A.customerPhone }, { after: A.contactsCursor }, {}]) {
      const res = await p.gql(
        `query($search: String, $after: String) { contacts(search: $search, after: $after) { edges { node { id name } } } }`,
        variables,
      );
      expectNothingOfA(res);
    }
  },
  conversations: async (p) => {
    for (const variables of [
      { after: A.conversationsCursor },
      {},
      { filter: { status: ["OPEN", "RESOLVED"] } },
      { filter: { assignee: "UNASSIGNED" } },
    ]) {
      const res = await p.gql(
        `query($after: String, $filter: ConversationFilter) { conversations(after: $after, filter: $filter) { edges { node { id name lastMessage { preview } assignee { id } } } } }`,
        variables,
      );
      expect(res.errors).toBeUndefined();
      expectNothingOfA(res);
    }
    // A's agent, as a filter: NOT_FOUND, as for an agent that does not exist.
    const res = await p.gql(`query($a: ID) { conversations(filter: { agentId: $a }) { edges { node { id } } } }`, { a: String(a.agent._id) });
    expect(codes(res)).toEqual(["NOT_FOUND"]);
  },
  conversationCounts: async (p) => {
    const res = await p.gql(`{ conversationCounts { mine unassigned open pending snoozed resolved } }`);
    expect(res.errors).toBeUndefined();
    // Every count is B's alone: they add up to B's own inbox (A's conversation, resolved, counts nowhere).
    const { open, pending, snoozed, resolved } = res.data.conversationCounts;
    const inbox = await p.gql(`{ conversations(first: 100) { edges { node { id } } } }`);
    expect(open + pending + snoozed + resolved).toBe(inbox.data.conversations.edges.length);
    expect(resolved).toBe(0);
  },
  entry: async (p) => {
    for (const id of [A.smsId, A.outboundId, A.noteId, A.callId, A.scheduledId]) {
      expect(codes(await p.gql(`query($id: ID!) { entry(id: $id) { id } }`, { id })), id).toEqual(["NOT_FOUND"]);
    }
  },
  phoneNumbers: async (p) => {
    const res = await p.gql(`{ phoneNumbers { id phoneNumber } }`);
    expect(res.data.phoneNumbers.map((n: { phoneNumber: string }) => n.phoneNumber)).toEqual([B.number]);
  },
  apiKeys: async (p) => {
    const res = await p.gql(`{ apiKeys { id prefix } }`);
    if (p.kind === "api key") expect(codes(res)).toEqual(["FORBIDDEN"]);
    else expectNothingOfA(res);
  },
  serverInfo: async (p) => {
    // Public facts of the deployment, the same for every caller: nothing of any account.
    expectNothingOfA(await p.gql(`{ serverInfo { __typename } }`));
  },

  // ── Mutations ──
  createApiKey: async (p) => {
    const res = await p.gql(`mutation { createApiKey(name: "b") { apiKey { id } } }`);
    if (p.kind === "api key") expect(codes(res)).toEqual(["FORBIDDEN"]);
    else expect(res.errors).toBeUndefined(); // B's own key; A's snapshot proves it is not A's
  },
  createContact: async (p) => {
    // A's customer's number may be B's customer too; the answer must not name A's contact.
    const res = await p.gql(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
      input: { name: `B's view of ${A.customerPhone}`, phoneNumbers: [A.customerPhone] },
    });
    expectNothingOfA(res);
  },
  createNote: async (p) => {
    expect(codes(await p.gql(`mutation($c: ID!) { createNote(contactId: $c, body: "x") { id } }`, { c: A.contactId }))).toEqual(["NOT_FOUND"]);
  },
  login: async (p) => {
    // Sign-in names no account: B's email opens B's agent, whatever credential the request also carries.
    const res = await p.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { agent { id } } }`, {
      e: b.agent.email,
      p: b.password,
    });
    expect(res.data.login.agent.id).toBe(String(b.agent._id));
    expectNothingOfA(res);
  },
  logout: async (p) => {
    const session = p.kind === "agent" ? await signIn(app, b.agent.email, b.password) : p.credential;
    await app.gql(`mutation { logout }`, {}, session);
    expect(codes(await app.gql(`{ me { agent { id } } }`, {}, a.token))).toEqual([]);
  },
  signOutEverywhere: async (p) => {
    const session = p.kind === "agent" ? await signIn(app, b.agent.email, b.password) : p.credential;
    const res = await app.gql(`mutation { signOutEverywhere }`, {}, session);
    if (p.kind === "api key") expect(codes(res)).toEqual(["FORBIDDEN"]);
    expect(codes(await app.gql(`{ me { agent { id } } }`, {}, a.token))).toEqual([]);
  },
  assignConversation: async (p) => {
    const assign = `mutation($c: ID!, $a: ID) { assignConversation(contactId: $c, agentId: $a) { id assignee { id } } }`;
    expect(codes(await p.gql(assign, { c: A.contactId, a: null }))).toEqual(["NOT_FOUND"]);
    expect(codes(await p.gql(assign, { c: A.contactId, a: String(b.agent._id) }))).toEqual(["NOT_FOUND"]);
    // A's agent on B's own conversation: NOT_FOUND, and B's keeps its assignee (B's agent, who replied to it).
    expect(codes(await p.gql(assign, { c: B.contactId, a: String(a.agent._id) }))).toEqual(["NOT_FOUND"]);
    expect((await p.gql(`query($c: ID!) { contact(id: $c) { assignee { id } } }`, { c: B.contactId })).data.contact.assignee).toEqual({
      id: String(b.agent._id),
    });
  },
  setConversationStatus: async (p) => {
    const set = `mutation($c: ID!, $s: ConversationStatus!, $u: DateTimeISO) { setConversationStatus(contactId: $c, status: $s, snoozedUntil: $u) { id } }`;
    for (const variables of [
      { c: A.contactId, s: "OPEN" },
      { c: A.contactId, s: "PENDING" },
      { c: A.contactId, s: "SNOOZED", u: new Date(Date.now() + 3600_000).toISOString() },
    ]) {
      expect(codes(await p.gql(set, variables)), JSON.stringify(variables)).toEqual(["NOT_FOUND"]);
    }
  },
  assignConversations: async (p) => {
    const assign = `mutation($c: [ID!]!, $a: ID) { assignConversations(contactIds: $c, agentId: $a) { id assignee { id } } }`;
    // A's conversation alone, or next to B's own: NOT_FOUND, and B's own is not changed either (checked whole first).
    expect(codes(await p.gql(assign, { c: [A.contactId], a: null }))).toEqual(["NOT_FOUND"]);
    expect(codes(await p.gql(assign, { c: [B.contactId, A.contactId], a: null }))).toEqual(["NOT_FOUND"]);
    expect(codes(await p.gql(assign, { c: [B.contactId], a: String(a.agent._id) }))).toEqual(["NOT_FOUND"]);
    expect((await p.gql(`query($c: ID!) { contact(id: $c) { assignee { id } } }`, { c: B.contactId })).data.contact.assignee).toEqual({
      id: String(b.agent._id),
    });
  },
  setConversationsStatus: async (p) => {
    const set = `mutation($c: [ID!]!, $s: ConversationStatus!) { setConversationsStatus(contactIds: $c, status: $s) { id status } }`;
    expect(codes(await p.gql(set, { c: [A.contactId], s: "PENDING" }))).toEqual(["NOT_FOUND"]);
    expect(codes(await p.gql(set, { c: [B.contactId, A.contactId], s: "PENDING" }))).toEqual(["NOT_FOUND"]);
    expect((await p.gql(`query($c: ID!) { contact(id: $c) { status } }`, { c: B.contactId })).data.contact.status).toBe("OPEN");
  },
  scheduleSms: async (p) => {
    const res = await p.gql(`mutation($i: ScheduleSmsInput!) { scheduleSms(input: $i) { id } }`, {
      i: { contactId: A.contactId, body: "for A's customer", sendAt: new Date(Date.now() + 3600_000).toISOString() },
    });
    expect(codes(res)).toEqual(["NOT_FOUND"]);
  },
  rescheduleSms: async (p) => {
    const res = await p.gql(`mutation($id: ID!, $at: DateTimeISO!) { rescheduleSms(entryId: $id, sendAt: $at) { id } }`, {
      id: A.scheduledId,
      at: new Date(Date.now() + 7200_000).toISOString(),
    });
    expect(codes(res)).toEqual(["NOT_FOUND"]);
  },
  editScheduledSms: async (p) => {
    expect(codes(await p.gql(`mutation($id: ID!) { editScheduledSms(entryId: $id, body: "taken over") { id } }`, { id: A.scheduledId }))).toEqual([
      "NOT_FOUND",
    ]);
  },
  cancelScheduledSms: async (p) => {
    expect(codes(await p.gql(`mutation($id: ID!) { cancelScheduledSms(entryId: $id) { id } }`, { id: A.scheduledId }))).toEqual(["NOT_FOUND"]);
  },
  updateQuietHours: async (p) => {
    // Names no account: it changes the caller's own (A's snapshot, accounts included, proves it is not A's).
    const res = await p.gql(`mutation { updateQuietHours(mode: ALL) { id quietHours } }`);
    expect(res.data.updateQuietHours).toEqual({ id: String(b.accountId), quietHours: "ALL" });
    await p.gql(`mutation { updateQuietHours(mode: OFF) { id } }`);
  },
  updateInboxSettings: async (p) => {
    // Names no account: it changes the caller's own (A's snapshot, accounts included, proves it is not A's).
    const res = await p.gql(`mutation { updateInboxSettings(autoAssignOnReply: false) { id autoAssignOnReply } }`);
    expect(res.data.updateInboxSettings).toEqual({ id: String(b.accountId), autoAssignOnReply: false });
    await p.gql(`mutation { updateInboxSettings(autoAssignOnReply: true) { id } }`);
  },
  reportTyping: async (p) => {
    const res = await p.gql(`mutation($c: ID!) { reportTyping(contactId: $c, typing: true) }`, { c: A.contactId });
    expect(codes(res)).toEqual([p.kind === "api key" ? "FORBIDDEN" : "NOT_FOUND"]);
  },
  markConversationRead: async (p) => {
    expect(codes(await p.gql(`mutation($c: ID!) { markConversationRead(contactId: $c) { id } }`, { c: A.contactId }))).toEqual(["NOT_FOUND"]);
  },
  dismissSms: async (p) => {
    expect(codes(await p.gql(`mutation($e: ID!) { dismissSms(entryId: $e) { id } }`, { e: A.outboundId }))).toEqual(["NOT_FOUND"]);
  },
  retrySms: async (p) => {
    expect(codes(await p.gql(`mutation($e: ID!) { retrySms(entryId: $e) { id } }`, { e: A.outboundId }))).toEqual(["NOT_FOUND"]);
  },
  revokeApiKey: async (p) => {
    const res = await p.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: A.apiKeyId });
    expect(codes(res)).toEqual([p.kind === "api key" ? "FORBIDDEN" : "NOT_FOUND"]);
    // A's key is still valid (read from the database: using it would touch its last_used_at).
    expect((await mongoose.connection.db!.collection("api_keys").findOne({ _id: new Types.ObjectId(A.apiKeyId) }))!.revoked_at).toBeUndefined();
  },
  sendSms: async (p) => {
    const sent = twilio.messages.length;
    const key = () => randomBytes(8).toString("hex");
    expect(codes(await p.gql(SEND, { input: { contactId: A.contactId, body: "x", idempotencyKey: key() } }))).toEqual(["NOT_FOUND"]);
    expect(codes(await p.gql(SEND, { input: { contactId: B.contactId, body: "x", from: A.number, idempotencyKey: key() } }))).toEqual(["FORBIDDEN"]);
    expect(twilio.messages.length).toBe(sent);
  },
  startCall: async (p) => {
    const calls = twilio.calls.length;
    // An API key cannot place calls at all; B's agent (who has a phone) cannot reach A's contact or call from A's number.
    const toA = await p.gql(`mutation($c: ID!) { startCall(contactId: $c) { id } }`, { c: A.contactId });
    expect(codes(toA)).toEqual([p.kind === "api key" ? "FORBIDDEN" : "NOT_FOUND"]);
    const fromA = await p.gql(`mutation($c: ID!, $f: String) { startCall(contactId: $c, from: $f) { id } }`, { c: B.contactId, f: A.number });
    expect(codes(fromA)).toEqual(["FORBIDDEN"]);
    expect(twilio.calls.length).toBe(calls);
  },
  updateContact: async (p) => {
    const res = await p.gql(`mutation($id: ID!) { updateContact(id: $id, input: { name: "taken over" }) { id } }`, { id: A.contactId });
    expect(codes(res)).toEqual(["NOT_FOUND"]);
  },

  // ── Canned replies ──
  cannedReplies: async (p) => {
    const res = await p.gql(`{ cannedReplies { id title body shortcut createdBy { id } } }`);
    expect(res.errors).toBeUndefined();
    expect(idsIn(res)).not.toContain(A.cannedReplyId);
    expect(idsIn(res)).not.toContain("/a-only");
    expectNothingOfA(res);
  },
  cannedReplyVariables: async (p) => {
    // Names no account: the same list for everyone.
    const res = await p.gql(`{ cannedReplyVariables }`);
    expect(res.data.cannedReplyVariables).toEqual(["contact.firstName", "agent.firstName", "account.name"]);
  },
  createCannedReply: async (p) => {
    // A's shortcut is free in B: B's new reply is B's own (A's snapshot shows A's untouched); B deletes it again.
    const res = await p.gql(`mutation { createCannedReply(input: { title: "B's", body: "x", shortcut: "/a-only" }) { id shortcut } }`);
    expect(res.data.createCannedReply.shortcut).toBe("/a-only");
    expect((await p.gql(`mutation($id: ID!) { deleteCannedReply(id: $id) }`, { id: res.data.createCannedReply.id })).errors).toBeUndefined();
  },
  updateCannedReply: async (p) => {
    const update = `mutation($id: ID!, $s: String) { updateCannedReply(id: $id, input: { title: "taken over", shortcut: $s }) { id } }`;
    expect(codes(await p.gql(update, { id: A.cannedReplyId, s: null }))).toEqual(["NOT_FOUND"]);
    expect(codes(await p.gql(update, { id: A.cannedReplyId, s: "/b" }))).toEqual(["NOT_FOUND"]);
  },
  deleteCannedReply: async (p) => {
    expect(codes(await p.gql(`mutation($id: ID!) { deleteCannedReply(id: $id) }`, { id: A.cannedReplyId }))).toEqual(["NOT_FOUND"]);
  },

  // ── Subscriptions: an event in A reaches A's subscriber and none of B's ──
  conversationUpdated: async (p) => {
    const query = `subscription { conversationUpdated { id name } }`;
    const trigger = () => inboundSms(A.number, A.customerPhone, "for A only");
    await aSees(query, {}, trigger);
    expect((await eventsDuring(p.credential, query, {}, trigger)).values).toEqual([]);
  },
  smsReceived: async (p) => {
    const query = `subscription($c: ID) { smsReceived(contactId: $c) { id body } }`;
    const trigger = () => inboundSms(A.number, A.customerPhone, "for A only");
    await aSees(query, {}, trigger);
    expect((await eventsDuring(p.credential, query, {}, trigger)).values).toEqual([]);
    expectRefused(await eventsDuring(p.credential, query, { c: A.contactId }, trigger));
  },
  inboundActivity: async (p) => {
    const query = `subscription { inboundActivity { __typename id } }`;
    const trigger = () => inboundSms(A.number, A.customerPhone, "for A only");
    await aSees(query, {}, trigger);
    expect((await eventsDuring(p.credential, query, {}, trigger)).values).toEqual([]);
  },
  conversationActivity: async (p) => {
    const query = `subscription($c: ID!) { conversationActivity(contactId: $c) { kind agent { name } } }`;
    // A's second agent types in A's conversation: A's first agent sees it; B sees nothing, and A's contact is refused.
    const trigger = async () => {
      expect(
        (await app.gql(`mutation($c: ID!) { reportTyping(contactId: $c, typing: false) }`, { c: A.contactId }, A.secondAgentToken)).errors,
      ).toBeUndefined();
    };
    await aSees(query, { c: A.contactId }, trigger);
    expectRefused(await eventsDuring(p.credential, query, { c: A.contactId }, trigger));
    expect((await eventsDuring(p.credential, query, { c: B.contactId }, trigger)).values).toEqual([]);
  },
  timelineUpdated: async (p) => {
    const query = `subscription($c: ID!) { timelineUpdated(contactId: $c) { id } }`;
    const trigger = () => inboundSms(A.number, A.customerPhone, "for A only");
    expectRefused(await eventsDuring(p.credential, query, { c: A.contactId }, trigger));
    expect((await eventsDuring(p.credential, query, { c: B.contactId }, trigger)).values).toEqual([]);
  },
};

/** Webhooks have no caller account: B's is the number, message or call it is about. Each changes only B's. */
const WEBHOOKS: Record<string, () => Promise<void>> = {
  // An SMS to B's number from a phone that is also A's customer lands on B's side alone.
  [WebhookPath.incomingSms]: () => inboundSms(B.number, A.customerPhone, "to B"),
  // A status callback naming A's entry with B's MessageSid is not A's message's.
  [WebhookPath.messageStatus]: async () => {
    const res = await signed(webhook(WebhookPath.messageStatus, { entryId: A.outboundId }), { MessageSid: B.messageSid, MessageStatus: "delivered" });
    expect(res.status).toBe(200);
  },
  [WebhookPath.incomingCall]: () => inboundCall(B.number, A.customerPhone, sid("CA")),
  // The callbacks of a call naming A's call entry with B's CallSid: none may change A's call or reveal A's customer.
  [WebhookPath.agentAnswered]: async () => {
    const res = await signed(webhook(WebhookPath.agentAnswered, { entryId: A.clickCallId }), { CallSid: B.callSid, CallStatus: "in-progress" });
    expect(res.status).toBe(200);
    expect(res.body).not.toContain(A.customerPhone);
  },
  [WebhookPath.callStatus]: async () => {
    for (const entryId of [A.callId, A.clickCallId]) {
      for (const leg of ["agent", "customer"]) {
        const res = await signed(webhook(WebhookPath.callStatus, { entryId, leg }), {
          CallSid: B.callSid,
          ParentCallSid: sid("CA"),
          CallStatus: "completed",
          CallDuration: "1",
        });
        expect(res.status).toBe(200);
      }
    }
  },
  [WebhookPath.dialStatus]: async () => {
    for (const entryId of [A.callId, A.clickCallId]) {
      const res = await signed(webhook(WebhookPath.dialStatus, { entryId }), {
        CallSid: B.callSid,
        DialCallStatus: "completed",
        DialCallDuration: "5",
      });
      expect(res.status).toBe(200);
      expect(res.body).not.toContain(A.customerPhone);
    }
  },
  [WebhookPath.recording]: async () => {
    const res = await signed(webhook(WebhookPath.recording, { entryId: A.callId }), {
      CallSid: B.callSid,
      RecordingSid: sid("RE"),
      RecordingUrl: `${app.url}/recording`,
      RecordingDuration: "4",
      RecordingStatus: "completed",
    });
    expect(res.status).toBe(200);
  },
  [WebhookPath.recorded]: async () => {
    expect((await signed(webhook(WebhookPath.recorded, { entryId: A.callId }), { CallSid: B.callSid })).status).toBe(200);
  },
};

describe("account isolation, operation by operation", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    twilio = await startFakeTwilio();
    app = await startTestApp({ file: import.meta.filename, twilio });
    schema = await buildAppSchema();
    a = await createTenant("Account A");
    b = await createTenant("Account B");
    await AgentModel.updateOne({ _id: b.agent._id }, { phone: "+15146300999" });
    A.number = await addSmsNumber(a.accountId);
    B.number = await addSmsNumber(b.accountId);
    A.customerPhone = "+15146300901";
    A.contactName = "Alice of A";
    const contactA = await addCustomer(a.accountId, A.customerPhone, A.contactName);
    A.contactId = String(contactA._id);
    B.contactId = String((await addCustomer(b.accountId, "+15146300902", "Bob of B"))._id);

    await inboundSms(A.number, A.customerPhone, "please call me");
    const timeline = await app.gql(`query($id: ID!) { contact(id: $id) { timeline { edges { node { id } } } } }`, { id: A.contactId }, a.token);
    A.smsId = timeline.data.contact.timeline.edges[0].node.id;
    const key = () => randomBytes(8).toString("hex");
    A.outboundId = (await app.gql(SEND, { input: { contactId: A.contactId, body: "calling you", idempotencyKey: key() } }, a.token)).data.sendSms.id;
    B.messageSid = (await app.gql(SEND, { input: { contactId: B.contactId, body: "hi", idempotencyKey: key() } }, b.token)).data.sendSms.messageSid;
    A.noteId = (await app.gql(`mutation($c: ID!) { createNote(contactId: $c, body: "VIP") { id } }`, { c: A.contactId }, a.token)).data.createNote.id;
    A.scheduledId = (
      await app.gql(
        `mutation($i: ScheduleSmsInput!) { scheduleSms(input: $i) { id } }`,
        { i: { contactId: A.contactId, body: "tomorrow at 9", sendAt: new Date(Date.now() + 24 * 3600_000).toISOString() } },
        a.token,
      )
    ).data.scheduleSms.id;
    A.callSid = sid("CA");
    await inboundCall(A.number, A.customerPhone, A.callSid);
    const call = await mongoose.connection.db!.collection("entries").findOne({ _type: "CallEntry", callsid: A.callSid });
    A.callId = String(call!._id);
    B.callSid = sid("CA");
    await inboundCall(B.number, "+15146300902", B.callSid);
    await AgentModel.updateOne({ _id: a.agent._id }, { phone: "+15146300998" });
    A.clickCallId = (await app.gql(`mutation($c: ID!) { startCall(contactId: $c) { id } }`, { c: A.contactId }, a.token)).data.startCall.id;
    // A's conversation is assigned and resolved: B reopening or unassigning it would show in A's snapshot.
    const assigned = await app.gql(
      `mutation($c: ID!, $a: ID) { assignConversation(contactId: $c, agentId: $a) { id } }`,
      { c: A.contactId, a: String(a.agent._id) },
      a.token,
    );
    const resolved = await app.gql(
      `mutation($c: ID!) { setConversationStatus(contactId: $c, status: RESOLVED) { id } }`,
      { c: A.contactId },
      a.token,
    );
    expect([assigned.errors, resolved.errors]).toEqual([undefined, undefined]);
    const second = await createAgent({
      accountId: a.accountId,
      name: "A's second agent",
      email: `second.${String(a.accountId)}@example.com`,
      password: "correct horse battery",
    });
    A.secondAgentToken = (await startSession(second, app.config.sessionSecret)).token;
    A.apiKeyId = String((await mongoose.connection.db!.collection("api_keys").findOne({ account_id: a.accountId }))!._id);
    A.cannedReplyId = (
      await app.gql(
        `mutation { createCannedReply(input: { title: "A's reply", body: "Hi {{contact.firstName}}", shortcut: "/a-only" }) { id } }`,
        {},
        a.token,
      )
    ).data.createCannedReply.id;
    A.contactsCursor = (await app.gql(`{ contacts(first: 1) { pageInfo { endCursor } } }`, {}, a.token)).data.contacts.pageInfo.endCursor;
    A.conversationsCursor = (
      await app.gql(`{ conversations(first: 1) { pageInfo { endCursor } } }`, {}, a.token)
    ).data.conversations.pageInfo.endCursor;
    expect(A.contactsCursor && A.conversationsCursor && Types.ObjectId.isValid(A.callId)).toBeTruthy();
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });

  /** A fresh session of B's agent for each case (signOutEverywhere ends the earlier ones), and B's API key. */
  const probes = async (): Promise<Probe[]> => {
    const { token } = await startSession(b.agent, app.config.sessionSecret);
    return [
      { kind: "agent", credential: token, gql: (q, v) => app.gql(q, v, token) },
      { kind: "api key", credential: b.apiKey, gql: (q, v) => app.gql(q, v, b.apiKey) },
    ];
  };

  it.each(Object.keys(OPERATIONS))("%s: account B's agent and API key get nothing of A's, and A's documents do not change", async (name) => {
    for (const probe of await probes()) {
      // A's own sessions may be touched only by A: the snapshot is taken after B's sign-in, which some cases make.
      const before = await snapshotOfA();
      await OPERATIONS[name](probe);
      // Subscriptions' triggers are A's own inbound SMS: those change A, by design; compare what B could change.
      if (!["conversationUpdated", "smsReceived", "timelineUpdated", "inboundActivity"].includes(name))
        expect(await snapshotOfA(), `${name} as ${probe.kind}`).toBe(before);
    }
  });

  it.each(Object.keys(WEBHOOKS))("webhook %s about B's number, message or call changes nothing of A's", async (path) => {
    const before = await snapshotOfA();
    await WEBHOOKS[path]();
    expect(await snapshotOfA()).toBe(before);
  });

  it("has a case for every operation of the schema and every webhook path", () => {
    const fields = (type: { getFields(): object } | null | undefined) => Object.keys(type?.getFields() ?? {});
    const operations = [...fields(schema.getQueryType()), ...fields(schema.getMutationType()), ...fields(schema.getSubscriptionType())];
    expect(Object.keys(OPERATIONS).sort(), "add a case to OPERATIONS for each new query, mutation or subscription").toEqual(operations.sort());
    expect(Object.keys(WEBHOOKS).sort(), "add a case to WEBHOOKS for each new webhook path").toEqual(Object.values(WebhookPath).sort());
    // The matrix's documents are valid operations of the schema.
    expect(getOperationAST(parse(SEND))?.operation).toBe("mutation");
  });
});
