import "reflect-metadata";
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentModel } from "../auth/agent.model.js";
import { CallEntryModel, VoicemailEntryModel } from "../calls/call-entry.model.js";
import { ContactModel } from "../contacts/contact.model.js";
import { startSnoozeSweep } from "../conversations/team-inbox.service.js";
import { startScheduledSmsSweep } from "../sms/scheduled-sms.service.js";
import { reconcileLostSends } from "../sms/send-reconciler.js";
import { checkRecorded, declaredIndexes, describeQuery, recordQueries, type RecordedQuery } from "../platform/index-coverage.js";
import { SmsEntryModel } from "../sms/sms-entry.model.js";
import { SmsStatus } from "../sms/sms.enums.js";
import { NoteEntryModel } from "../timeline/entry.model.js";
import { webhookUrl, WebhookPath } from "../twilio/webhook-paths.js";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, postSigned, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { MODELS } from "./models.js";

/**
 * The hot paths' query shapes, proven against MongoDB's index rules (platform/index-coverage.ts) rather than timed:
 * CI's FerretDB v1 scans for every query, so only the shape says what production's MongoDB will do. Each path runs
 * through the real server; every query it sends is recorded and must be served by an index a model declares. A new
 * query no index serves fails here, naming its collection, shape, sort and the closest index. The report printed at
 * the end lists every path's queries and the index serving each: the documentation of the hot paths.
 *
 * Nothing is exempt: the lease collection's operations (locks, by `_id`) and inserts pass on their own. Contact search
 * matches a regex, which no index narrows: it is a documented scan within one account, and the test checks exactly
 * that — served by the account's activity index, with the regex residual.
 */

const TIMELINE = `query($id: ID!, $first: Int, $after: String, $types: [EntryType!]) {
  contact(id: $id) { id name unreadCount smsOptedOut lastMessage { preview }
    timeline(first: $first, after: $after, types: $types) {
      edges { cursor node { __typename id createdAt contact { id name }
        ... on SmsEntry { body status canRetry agent { name } }
        ... on CallEntry { callStatus: status duration agent { name } }
        ... on NoteEntry { body agent { name } }
        ... on VoicemailEntry { duration record } } }
      pageInfo { hasNextPage endCursor } } } }`;
const CONTACTS = `query($first: Int, $after: String, $search: String) {
  contacts(first: $first, after: $after, search: $search) { edges { cursor node { id name phoneNumbers unreadCount lastMessage { preview } } } pageInfo { hasNextPage endCursor } } }`;
const INBOX = `query($first: Int, $after: String) {
  conversations(first: $first, after: $after) { edges { cursor node { id name unreadCount smsOptedOut lastMessage { preview direction at } } } pageInfo { hasNextPage endCursor } } }`;
const TAB = `query($first: Int, $after: String, $filter: ConversationFilter) {
  conversations(first: $first, after: $after, filter: $filter) { edges { cursor node { id name status assignee { name } unreadCount lastMessage { preview } } } pageInfo { hasNextPage endCursor } } }`;
const ASSIGN = `mutation($c: ID!, $a: ID) { assignConversation(contactId: $c, agentId: $a) { id assignee { name } } }`;
const SET_STATUS = `mutation($c: ID!, $s: ConversationStatus!, $u: DateTimeISO) { setConversationStatus(contactId: $c, status: $s, snoozedUntil: $u) { id status } }`;
const SEND = `mutation($input: SendSmsInput!) { sendSms(input: $input) { id messageSid status canRetry agent { name } contact { name } } }`;
const START_CALL = `mutation($c: ID!) { startCall(contactId: $c) { id callsid status } }`;

const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join("");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the hot paths' queries are served by declared indexes (MongoDB's rules)", () => {
  const indexes = declaredIndexes(MODELS);
  const report: string[] = [];
  let app: TestApp;
  let twilio: TestTwilio;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let number: string;
  let contactId: string;
  let customerPhone: string;

  beforeAll(async () => {
    twilio = await startFakeTwilio("manual");
    app = await startTestApp({ file: import.meta.filename, twilio });
    tenant = await createTenant("Shapes");
    await AgentModel.updateOne({ _id: tenant.agent._id }, { $set: { phone: "+15146301100" } });
    number = await addSmsNumber(tenant.accountId);
    await addSmsNumber(tenant.accountId);

    // Twelve contacts with conversations (the inbox), a few without, and one contact with a long mixed timeline.
    for (let i = 0; i < 12; i++) {
      const res = await twilio.sendInboundSms({
        webhookUrl: url(WebhookPath.incomingSms),
        from: `+1514630${2000 + i}`,
        to: number,
        body: `hello ${i}`,
      });
      expect(res.status).toBe(200);
    }
    for (let i = 0; i < 4; i++) await addCustomer(tenant.accountId, `+1514630${3000 + i}`, `Quiet Customer ${i}`);
    customerPhone = "+15146304000";
    const contact = await addCustomer(tenant.accountId, customerPhone, "Timeline Customer");
    contactId = String(contact._id);
    const base = { account_id: tenant.accountId, customer_id: contact._id, customer_phone_number: customerPhone, talkdesk_phone_number: number };
    for (let i = 0; i < 16; i++) {
      const doc = { ...base, created_at: new Date(Date.now() - (16 - i) * 60_000) };
      if (i % 4 === 0) await CallEntryModel.create({ ...doc, direction: "inbound", status: "completed", duration: 60, agent_id: tenant.agent._id });
      else if (i % 4 === 1) await VoicemailEntryModel.create({ ...doc, duration: "12", record: "https://example.com/r.mp3" });
      else if (i % 4 === 2) await NoteEntryModel.create({ ...doc, body: `note ${i}`, agent_id: tenant.agent._id });
      else await SmsEntryModel.create({ ...doc, body: `sms ${i}`, direction: "inbound", status: SmsStatus.RECEIVED, message_sid: `SM${hex(32)}` });
    }
  });

  afterAll(async () => {
    // The hot paths' queries, documented: every path, every query, the index serving it.
    console.info(`Hot-path queries and the indexes serving them (platform/index-coverage.ts):\n\n${report.join("\n\n")}`);
    await app?.close();
    await twilio?.close();
  });

  const url = (path: WebhookPath, query: Record<string, string> = {}) => webhookUrl(app.config.publicUrl, path, query);
  const post = (path: WebhookPath, params: Record<string, string>, query: Record<string, string> = {}) =>
    postSigned(url(path, query), { AccountSid: twilio.accountSid, ...params }, twilio.authToken);

  /**
   * Runs `run` while recording every query the server sends, and fails unless each is served by a declared index
   * (the failure lists the path's every query). Fire-and-forget writes get a moment to land inside the window.
   */
  async function shapesOf(path: string, run: () => Promise<unknown>): Promise<RecordedQuery[]> {
    await sleep(30);
    const recording = recordQueries();
    try {
      await run();
      await sleep(30);
    } finally {
      recording.stop();
    }
    const checked = recording.queries.map((q) => ({ q, coverage: checkRecorded(indexes, q) }));
    const lines = checked.map(({ q, coverage }) =>
      coverage.served ? `  ✓ ${q.collection}.${describeQuery(q)}\n      → ${coverage.plan}` : `  ✗ ${coverage.reason}`,
    );
    const listing = `${path} — ${checked.length} queries\n${lines.join("\n")}`;
    report.push(listing);
    expect(
      checked.filter((c) => !c.coverage.served).map((c) => (c.coverage as { reason: string }).reason),
      `queries of "${path}" that no declared index serves:\n${listing}`,
    ).toEqual([]);
    return recording.queries;
  }

  /** The path really issued the query it exists for (so a recorder that sees nothing cannot pass). */
  const expectQuery = (queries: RecordedQuery[], collection: string, method: string, field: string) =>
    expect(
      queries.some((q) => q.collection === collection && q.method === method && Object.keys(flatFilter(q.filter)).includes(field)),
      `${collection}.${method} on ${field} among ${queries.map((q) => `${q.collection}.${describeQuery(q)}`).join("; ")}`,
    ).toBe(true);

  describe("authentication", () => {
    it("an agent's token: its session and its agent", async () => {
      const queries = await shapesOf("authentication — agent token (me)", async () => {
        const res = await app.gql(`{ me { agent { name } account { name } } }`, {}, tenant.token);
        expect(res.errors).toBeUndefined();
      });
      expectQuery(queries, "sessions", "findOne", "agent_id");
      expectQuery(queries, "agents", "findOne", "_id");
    });

    it("an API key, by its hash", async () => {
      const queries = await shapesOf("authentication — API key (me)", async () => {
        const res = await app.gql(`{ me { account { name } } }`, {}, tenant.apiKey);
        expect(res.errors).toBeUndefined();
      });
      expectQuery(queries, "api_keys", "findOne", "key_hash");
    });

    it("signing in: the agent by email, old sessions pruned, a new one stored", async () => {
      const queries = await shapesOf("authentication — login", async () => {
        const res = await app.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
          e: tenant.agent.email,
          p: tenant.password,
        });
        expect(res.errors).toBeUndefined();
      });
      expectQuery(queries, "agents", "findOne", "email");
      expectQuery(queries, "sessions", "deleteMany", "agent_id");
    });
  });

  describe("the timeline", () => {
    const page = async (variables: Record<string, unknown>) => {
      const res = await app.gql(TIMELINE, { id: contactId, ...variables }, tenant.token);
      expect(res.errors).toBeUndefined();
      return res.data.contact.timeline as { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    };

    it("first page", async () => {
      const queries = await shapesOf("timeline — first page", () => page({ first: 5 }));
      expectQuery(queries, "entries", "find", "customer_id");
      expectQuery(queries, "contacts", "find", "_id");
      expectQuery(queries, "agents", "find", "_id");
    });

    it("a later page, after a cursor", async () => {
      const first = await page({ first: 5 });
      const queries = await shapesOf("timeline — later page", async () =>
        expect((await page({ first: 5, after: first.pageInfo.endCursor })).edges).toHaveLength(5),
      );
      expectQuery(queries, "entries", "find", "customer_id");
    });

    it("filtered by kind, first and later page", async () => {
      const first = await page({ first: 3, types: ["SMS", "VOICEMAIL"] });
      const queries = await shapesOf("timeline — filtered by types, later page", () =>
        page({ first: 3, types: ["SMS", "VOICEMAIL"], after: first.pageInfo.endCursor }),
      );
      expectQuery(queries, "entries", "find", "_type");
    });
  });

  describe("the inbox and the contacts list", () => {
    const list = async (query: string, field: string, variables: Record<string, unknown>) => {
      const res = await app.gql(query, variables, tenant.token);
      expect(res.errors).toBeUndefined();
      return res.data[field] as { edges: unknown[]; pageInfo: { endCursor: string } };
    };

    it("the inbox, first and later page", async () => {
      const first = await shapesOf("inbox — first page", () => list(INBOX, "conversations", { first: 5 }));
      expectQuery(first, "contacts", "find", "last_message");
      const { pageInfo } = await list(INBOX, "conversations", { first: 5 });
      const later = await shapesOf("inbox — later page", async () =>
        expect((await list(INBOX, "conversations", { first: 5, after: pageInfo.endCursor })).edges).toHaveLength(5),
      );
      expectQuery(later, "contacts", "find", "last_activity_at");
    });

    it("the inbox's tabs (conversations(filter)), first and later page, and their counts", async () => {
      const ids = (await list(INBOX, "conversations", { first: 12 })).edges.map((e) => (e as { node: { id: string } }).node.id);
      // Some owned, some resolved, one snoozed: every tab has rows.
      for (const [i, id] of ids.entries()) {
        if (i % 3 === 0) await app.gql(ASSIGN, { c: id, a: String(tenant.agent._id) }, tenant.token);
        if (i % 4 === 1) await app.gql(SET_STATUS, { c: id, s: "RESOLVED" }, tenant.token);
      }
      await app.gql(SET_STATUS, { c: ids[2], s: "SNOOZED", u: new Date(Date.now() + 3600_000).toISOString() }, tenant.token);
      const tabs: [string, Record<string, unknown>, string][] = [
        ["mine, open", { assignee: "ME", status: ["OPEN"] }, "assignee_id"],
        ["mine, any status", { assignee: "ME" }, "assignee_id"],
        ["unassigned, open", { assignee: "UNASSIGNED", status: ["OPEN"] }, "assignee_id"],
        ["one agent's", { agentId: String(tenant.agent._id) }, "assignee_id"],
        ["all open", { status: ["OPEN"] }, "status"],
        ["resolved", { assignee: "ANY", status: ["RESOLVED"] }, "status"],
        ["open or pending", { status: ["OPEN", "PENDING"] }, "status"],
      ];
      for (const [name, filter, field] of tabs) {
        const first = await shapesOf(`inbox tab — ${name}, first page`, () => list(TAB, "conversations", { first: 2, filter }));
        expectQuery(first, "contacts", "find", field);
        const { pageInfo } = await list(TAB, "conversations", { first: 2, filter });
        if (pageInfo.endCursor) {
          const later = await shapesOf(`inbox tab — ${name}, later page`, () =>
            list(TAB, "conversations", { first: 2, filter, after: pageInfo.endCursor }),
          );
          expectQuery(later, "contacts", "find", "last_activity_at");
        }
      }
      const counts = await shapesOf("conversationCounts (the tabs' counts)", async () => {
        const res = await app.gql(`{ conversationCounts { mine unassigned open pending snoozed resolved } }`, {}, tenant.token);
        expect(res.errors).toBeUndefined();
        expect(res.data.conversationCounts.resolved).toBeGreaterThan(0);
      });
      expectQuery(counts, "contacts", "countDocuments", "status");
    });

    it("reporting typing (conversationActivity)", async () => {
      const { edges } = await list(INBOX, "conversations", { first: 1 });
      const id = (edges[0] as { node: { id: string } }).node.id;
      const queries = await shapesOf("reportTyping", async () =>
        expect((await app.gql(`mutation($c: ID!) { reportTyping(contactId: $c, typing: true) }`, { c: id }, tenant.token)).errors).toBeUndefined(),
      );
      expectQuery(queries, "contacts", "findOne", "_id");
    });

    it("assigning, changing the status, and the snooze sweep's round", async () => {
      const { edges } = await list(INBOX, "conversations", { first: 1 });
      const id = (edges[0] as { node: { id: string } }).node.id;
      const assign = await shapesOf("assignConversation", async () =>
        expect((await app.gql(ASSIGN, { c: id, a: String(tenant.agent._id) }, tenant.token)).errors).toBeUndefined(),
      );
      expectQuery(assign, "contacts", "findOneAndUpdate", "assignee_id");
      expectQuery(assign, "agents", "findOne", "_id");
      const status = await shapesOf("setConversationStatus", async () =>
        expect((await app.gql(SET_STATUS, { c: id, s: "PENDING" }, tenant.token)).errors).toBeUndefined(),
      );
      expectQuery(status, "contacts", "findOneAndUpdate", "status");
      const snooze = await shapesOf("snooze sweep — due snoozes, and claiming one", async () => {
        await app.gql(SET_STATUS, { c: id, s: "SNOOZED", u: new Date(Date.now() + 3600_000).toISOString() }, tenant.token);
        const sweep = startSnoozeSweep(app.server.deps, { everyMs: 60_000, now: () => new Date(Date.now() + 2 * 3600_000) });
        try {
          expect(await sweep.runOnce()).toBeGreaterThan(0);
        } finally {
          sweep.stop();
        }
      });
      expectQuery(snooze, "contacts", "find", "snoozed_until");
      expectQuery(snooze, "contacts", "findOneAndUpdate", "snoozed_until");
    });

    it("contacts, first and later page", async () => {
      await shapesOf("contacts — first page", () => list(CONTACTS, "contacts", { first: 5 }));
      const { pageInfo } = await list(CONTACTS, "contacts", { first: 5 });
      const later = await shapesOf("contacts — later page", () => list(CONTACTS, "contacts", { first: 5, after: pageInfo.endCursor }));
      expectQuery(later, "contacts", "find", "last_activity_at");
    });

    it("contact search: a scan within the account, on its activity index (the regex is residual)", async () => {
      const { pageInfo } = await list(CONTACTS, "contacts", { first: 2, search: "Quiet" });
      const queries = [
        ...(await shapesOf("contacts — search by name (a scan within the account)", () => list(CONTACTS, "contacts", { first: 2, search: "Quiet" }))),
        ...(await shapesOf("contacts — search by name, later page", () =>
          list(CONTACTS, "contacts", { first: 2, search: "Quiet", after: pageInfo.endCursor }),
        )),
        ...(await shapesOf("contacts — search by number", () => list(CONTACTS, "contacts", { first: 5, search: "514 630 20" }))),
      ];
      const searches = queries.filter((q) => q.collection === "contacts" && q.method === "find" && JSON.stringify(q.filter).includes("$regex"));
      expect(searches).toHaveLength(3);
      for (const q of searches) {
        const coverage = checkRecorded(indexes, q);
        expect(coverage.served && coverage.plan).toMatch(/\{account_id: 1, last_activity_at: -1, _id: -1\} = account_id/);
      }
    });
  });

  it("opening a conversation: one entry, marking it read, a note", async () => {
    const inbox = await app.gql(INBOX, { first: 1 }, tenant.token);
    const opened = inbox.data.conversations.edges[0].node.id as string;
    const [entry] = await SmsEntryModel.find({ customer_id: new Types.ObjectId(opened) }, { _id: 1 }).lean();
    const read = await shapesOf("entry(id)", async () =>
      expect((await app.gql(`query($id: ID!) { entry(id: $id) { id } }`, { id: String(entry._id) }, tenant.token)).errors).toBeUndefined(),
    );
    expectQuery(read, "entries", "findOne", "_id");
    const marked = await shapesOf("markConversationRead", async () => {
      const res = await app.gql(`mutation($c: ID!) { markConversationRead(contactId: $c) { unreadCount } }`, { c: opened }, tenant.token);
      expect(res.data.markConversationRead.unreadCount).toBe(0);
    });
    expectQuery(marked, "contacts", "updateOne", "_id");
    await shapesOf("createNote", async () => {
      const res = await app.gql(
        `mutation($c: ID!) { createNote(contactId: $c, body: "called back") { id agent { name } } }`,
        { c: opened },
        tenant.token,
      );
      expect(res.errors).toBeUndefined();
    });
  });

  it("scheduled SMS: a contact's pending ones, and the send sweep (due ones, claiming one)", async () => {
    const sendAt = new Date(Date.now() + 3600_000).toISOString();
    const scheduled = await shapesOf("scheduleSms", async () => {
      const res = await app.gql(
        `mutation($i: ScheduleSmsInput!) { scheduleSms(input: $i) { id } }`,
        { i: { contactId, body: "later", sendAt } },
        tenant.token,
      );
      expect(res.errors).toBeUndefined();
    });
    expectQuery(scheduled, "contacts", "findOne", "_id");
    const pending = await shapesOf("Contact.scheduledSms (the timeline's bottom)", async () => {
      const res = await app.gql(`query($id: ID!) { contact(id: $id) { scheduledSms { id scheduledFor } } }`, { id: contactId }, tenant.token);
      expect(res.data.contact.scheduledSms).toHaveLength(1);
    });
    expectQuery(pending, "entries", "find", "status");
    const sweep = await shapesOf("scheduled-SMS sweep — due ones, claiming one, sending it", async () => {
      const due = startScheduledSmsSweep({ ...app.server.deps, now: () => new Date(Date.now() + 2 * 3600_000) }, { everyMs: 60_000 });
      try {
        expect(await due.runOnce()).toBe(1);
      } finally {
        due.stop();
      }
    });
    expectQuery(sweep, "entries", "find", "scheduled_for");
    expectQuery(sweep, "entries", "findOneAndUpdate", "_id");
  });

  it("the composer's numbers (phoneNumbers)", async () => {
    const queries = await shapesOf("phoneNumbers (the composer's senders)", async () => {
      const res = await app.gql(`{ phoneNumbers { phoneNumber capabilities { sms } } }`, {}, tenant.token);
      expect(res.errors).toBeUndefined();
    });
    expectQuery(queries, "phone_numbers", "find", "account_id");
  });

  it("canned replies: the composer's list, and creating, changing and deleting one", async () => {
    const write = async (query: string, variables: Record<string, unknown>) => {
      const res = await app.gql(query, variables, tenant.token);
      expect(res.errors).toBeUndefined();
      return res.data;
    };
    let id = "";
    const created = await shapesOf("createCannedReply (the account's count, the insert)", async () => {
      const data = await write(
        `mutation { createCannedReply(input: { title: "Later", body: "Hi {{contact.firstName}}", shortcut: "/later" }) { id } }`,
        {},
      );
      id = data.createCannedReply.id;
    });
    expectQuery(created, "canned_replies", "countDocuments", "account_id");
    const conflict = await shapesOf("createCannedReply — a shortcut in use (its holder, by shortcut_key)", async () => {
      const res = await app.gql(`mutation { createCannedReply(input: { title: "Again", body: "x", shortcut: "/later" }) { id } }`, {}, tenant.token);
      expect(res.errors?.[0].extensions?.code).toBe("CONFLICT");
    });
    expectQuery(conflict, "canned_replies", "findOne", "shortcut_key");
    const list = await shapesOf("cannedReplies (the composer's list, by title)", () =>
      write(`{ cannedReplies { id title body shortcut variables } }`, {}),
    );
    expectQuery(list, "canned_replies", "find", "account_id");
    const updated = await shapesOf("updateCannedReply", () =>
      write(`mutation($id: ID!) { updateCannedReply(id: $id, input: { shortcut: "/later-today" }) { id } }`, { id }),
    );
    expectQuery(updated, "canned_replies", "findOneAndUpdate", "_id");
    const deleted = await shapesOf("deleteCannedReply", () => write(`mutation($id: ID!) { deleteCannedReply(id: $id) }`, { id }));
    expectQuery(deleted, "canned_replies", "deleteOne", "_id");
  });

  describe("SMS webhooks and sending", () => {
    it("an inbound SMS from a new customer, from a known one, and the same webhook replayed", async () => {
      const from = "+15146305000";
      let replay: { params: Record<string, string> } | undefined;
      const created = await shapesOf("inbound SMS — new customer", async () => {
        const res = await twilio.sendInboundSms({ webhookUrl: url(WebhookPath.incomingSms), from, to: number, body: "first text" });
        expect(res.status).toBe(200);
        replay = res;
      });
      expectQuery(created, "contact_phone_numbers", "findOne", "phone_number");
      // The new customer's contact is created by the same forward-only update that records the message.
      expectQuery(created, "contacts", "findOneAndUpdate", "_id");
      const known = await shapesOf("inbound SMS — known customer", async () => {
        expect((await twilio.sendInboundSms({ webhookUrl: url(WebhookPath.incomingSms), from, to: number, body: "second" })).status).toBe(200);
      });
      expectQuery(known, "contacts", "findOneAndUpdate", "_id");
      const replayed = await shapesOf("inbound SMS — replayed webhook (dedupe by MessageSid)", async () => {
        expect((await postSigned(url(WebhookPath.incomingSms), replay!.params, twilio.authToken)).status).toBe(200);
      });
      expectQuery(replayed, "entries", "find", "message_sid");
    });

    it("a console socket opening and closing (presence), and a new conversation assigned round-robin", async () => {
      let socket: ReturnType<TestApp["ws"]> | undefined;
      const opened = await shapesOf("console socket opens (presence)", async () => {
        socket = app.ws(tenant.token);
        await new Promise<void>((resolve) => socket!.on("connected", () => resolve()));
      });
      expectQuery(opened, "agent_presence", "updateOne", "_id");
      await app.gql(`mutation { updateInboxSettings(autoAssignment: ROUND_ROBIN) { id } }`, {}, tenant.token);
      try {
        const assigned = await shapesOf("inbound SMS — a new conversation, assigned round-robin", async () => {
          const res = await twilio.sendInboundSms({ webhookUrl: url(WebhookPath.incomingSms), from: "+15146305999", to: number, body: "new here" });
          expect(res.status).toBe(200);
        });
        expectQuery(assigned, "agent_presence", "find", "expires_at");
        expectQuery(assigned, "accounts", "updateOne", "round_robin_last_agent_id");
        expectQuery(assigned, "contacts", "findOneAndUpdate", "assignee_id");
      } finally {
        await app.gql(`mutation { updateInboxSettings(autoAssignment: NONE) { id } }`, {}, tenant.token);
      }
      const closed = await shapesOf("console socket closes (presence)", async () => {
        await socket!.dispose();
        await sleep(200);
      });
      expectQuery(closed, "agent_presence", "deleteOne", "_id");
    });

    it("an inbound SMS to a number whose owner is not cached: the phone number lookup", async () => {
      const fresh = await addSmsNumber(tenant.accountId);
      const queries = await shapesOf("inbound SMS — to a number not yet cached", async () => {
        expect((await twilio.sendInboundSms({ webhookUrl: url(WebhookPath.incomingSms), from: customerPhone, to: fresh, body: "hi" })).status).toBe(
          200,
        );
      });
      expectQuery(queries, "phone_numbers", "findOne", "phone_number");
    });

    it("sendSms, then its status callbacks by entry id and by SID alone", async () => {
      let sent: { id: string; messageSid: string } | undefined;
      const sending = await shapesOf("sendSms (with an idempotency key)", async () => {
        const res = await app.gql(SEND, { input: { contactId, body: "on my way", idempotencyKey: `k-${hex(8)}` } }, tenant.token);
        expect(res.errors).toBeUndefined();
        sent = res.data.sendSms;
      });
      expectQuery(sending, "entries", "findOne", "idempotency_key");
      expectQuery(sending, "entries", "findOne", "direction");
      expectQuery(sending, "phone_numbers", "find", "account_id");

      const byId = await shapesOf("message status callback — by entry id", async () =>
        expect((await twilio.playCallback(sent!.messageSid, "sent")).status).toBe(200),
      );
      expectQuery(byId, "entries", "findOne", "_id");
      const bySid = await shapesOf("message status callback — by MessageSid alone", async () => {
        expect((await post(WebhookPath.messageStatus, { MessageSid: sent!.messageSid, MessageStatus: "delivered" })).status).toBe(200);
      });
      expectQuery(bySid, "entries", "findOne", "message_sid");
    });

    it("a failed message retried", async () => {
      const failing = await addCustomer(tenant.accountId, "+15146310000", "Unreachable");
      const res = await app.gql(SEND, { input: { contactId: String(failing._id), body: "hello?" } }, tenant.token);
      expect((await twilio.playCallback(res.data.sendSms.messageSid, "undelivered", { ErrorCode: "30003" })).status).toBe(200);
      await shapesOf("retrySms", async () => {
        const retry = await app.gql(`mutation($id: ID!) { retrySms(entryId: $id) { id status } }`, { id: res.data.sendSms.id }, tenant.token);
        expect(retry.errors).toBeUndefined();
      });
    });
  });

  it("the lost-send reconciler's round: queued messages without a SID, oldest first", async () => {
    const queries = await shapesOf("lost-send reconciler", () => reconcileLostSends(app.server.deps));
    expectQuery(queries, "entries", "find", "status_updated_at");
  });

  describe("call webhooks", () => {
    it("an incoming call, its dial status, its voicemail recording, and the call webhook replayed", async () => {
      const callSid = `CA${hex(32)}`;
      const params = { CallSid: callSid, From: "+15146306000", To: number, CallStatus: "ringing", Direction: "inbound" };
      let entryId = "";
      const incoming = await shapesOf("incoming call (voice webhook)", async () => {
        const res = await post(WebhookPath.incomingCall, params);
        expect(res.status).toBe(200);
        expect(res.body).toContain("<Dial");
        entryId = /entryId=([0-9a-f]{24})/.exec(res.body)![1];
      });
      expectQuery(incoming, "agents", "find", "phone");
      const replayed = await shapesOf("incoming call — replayed voice webhook (dedupe by CallSid)", async () =>
        expect((await post(WebhookPath.incomingCall, params)).status).toBe(200),
      );
      expectQuery(replayed, "entries", "findOne", "dedupe_key");
      const dial = await shapesOf("incoming call — dial status (nobody answered)", async () => {
        const res = await post(WebhookPath.dialStatus, { CallSid: callSid, DialCallStatus: "no-answer" }, { entryId });
        expect(res.body).toContain("<Record");
      });
      expectQuery(dial, "entries", "updateOne", "_id");
      const recording = await shapesOf("incoming call — voicemail recording", async () => {
        const res = await post(
          WebhookPath.recording,
          {
            CallSid: callSid,
            RecordingSid: `RE${hex(32)}`,
            RecordingUrl: "https://api.twilio.com/recordings/RE1",
            RecordingDuration: "7",
            RecordingStatus: "completed",
          },
          { entryId },
        );
        expect(res.status).toBe(200);
      });
      expectQuery(recording, "entries", "findOne", "_type");
      expect(await VoicemailEntryModel.countDocuments({ callsid: callSid })).toBe(1);
    });

    it("click-to-call, the agent answering, and both legs' status callbacks", async () => {
      let call: { id: string; callsid: string } | undefined;
      await shapesOf("startCall (click-to-call)", async () => {
        const res = await app.gql(START_CALL, { c: contactId }, tenant.token);
        expect(res.errors).toBeUndefined();
        call = res.data.startCall;
      });
      const agentLeg = await shapesOf("call status — agent leg", async () =>
        expect((await twilio.playCallback(call!.callsid, "ringing")).status).toBe(200),
      );
      expectQuery(agentLeg, "entries", "findOne", "_id");
      await shapesOf("agent answered (dial the customer)", async () => {
        const res = await post(WebhookPath.agentAnswered, { CallSid: call!.callsid, CallStatus: "in-progress" }, { entryId: call!.id });
        expect(res.body).toContain("<Dial");
      });
      await shapesOf("call status — customer leg", async () => {
        const leg = { CallSid: `CA${hex(32)}`, ParentCallSid: call!.callsid, CallStatus: "completed", CallDuration: "30" };
        expect((await post(WebhookPath.callStatus, leg, { entryId: call!.id, leg: "customer" })).status).toBe(200);
      });
      expect((await CallEntryModel.findById(call!.id).lean())?.status).toBe("completed");
    });
  });

  it("records every method a path may use, with its filter and sort", async () => {
    const accountId = tenant.accountId;
    const recording = recordQueries();
    try {
      await ContactModel.find({ account_id: accountId }).sort({ last_activity_at: -1, _id: -1 }).limit(3).lean().exec();
      await ContactModel.findOne({ _id: new Types.ObjectId(contactId), account_id: accountId })
        .lean()
        .exec();
      await ContactModel.findOneAndUpdate({ _id: new Types.ObjectId(contactId), account_id: accountId }, { $set: { company: "Acme" } }).exec();
      await ContactModel.updateOne({ _id: new Types.ObjectId(contactId) }, { $set: { company: "Acme" } }).exec();
      await ContactModel.updateMany({ account_id: accountId, name: "nobody" }, { $set: { company: "Acme" } }).exec();
      await ContactModel.countDocuments({ account_id: accountId }).exec();
      await ContactModel.aggregate([{ $match: { account_id: accountId } }, { $sort: { last_activity_at: -1, _id: -1 } }, { $limit: 2 }]).exec();
    } finally {
      recording.stop();
    }
    expect(
      recording.queries.map((q) => [q.method, Object.keys(flatFilter(q.filter)).join(","), q.sort ? Object.keys(q.sort).join(",") : ""]),
    ).toEqual([
      ["find", "account_id", "last_activity_at,_id"],
      ["findOne", "_id,account_id", ""],
      ["findOneAndUpdate", "_id,account_id", ""],
      ["updateOne", "_id", ""],
      ["updateMany", "account_id,name", ""],
      ["countDocuments", "account_id", ""],
      ["aggregate", "account_id", "last_activity_at,_id"],
    ]);
    for (const q of recording.queries) expect(checkRecorded(indexes, q).served, describeQuery(q)).toBe(true);
  });

  it("fails on a hot-path query no declared index serves (the guard itself)", () => {
    const unindexed: RecordedQuery = {
      collection: "entries",
      method: "find",
      filter: { customer_id: new Types.ObjectId() },
      sort: { _id: -1 },
      limit: 21,
    };
    expect(checkRecorded(indexes, unindexed)).toEqual({
      served: false,
      reason:
        "entries: find {customer_id: <id>} sort {_id: -1} limit 21 is served by no declared index; " +
        "the closest, {account_id: 1, customer_id: 1, _id: -1}: its first key account_id is unconstrained, so MongoDB would read all of it.",
    });
  });
});

/** A filter's fields, `$and` flattened and `$or` branches included. */
function flatFilter(filter: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) {
    if ((k === "$and" || k === "$or") && Array.isArray(v)) Object.assign(out, ...v.map((part) => flatFilter(part as Record<string, unknown>)));
    else out[k] = v;
  }
  return out;
}
