import { randomUUID } from "node:crypto";
import fc from "fast-check";
import type { GraphQLField } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentModel } from "../auth/agent.model.js";
import { createApiKey } from "../auth/auth.service.js";
import { ContactModel } from "../contacts/contact.model.js";
import { toE164 } from "../platform/e164.js";
import { SmsEntryModel } from "../sms/sms-entry.model.js";
import { SmsStatus } from "../sms/sms.enums.js";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import {
  expectHealthy,
  hostileId,
  hostilePhone,
  hostileString,
  hostileValue,
  KNOWN_CODES,
  literal,
  longString,
  oneFieldHostile,
  runs,
  show,
  snapshot,
  tallyOutcomes,
} from "../../test/fuzz.js";
import { buildAppSchema } from "./schema.js";

/**
 * Property tests of every mutation (and the paging arguments of the lists): hostile values as variables (so the
 * schema's coercion runs) and as inline literals, on the real server and database. Whatever is sent, the answer is
 * below 500, every error carries a code a client can act on (never INTERNAL_SERVER_ERROR), /healthz still answers,
 * and a refused request changed nothing. An input that happens to be valid is accepted: then what was stored is what
 * was sent, normalised.
 */

type Args = Record<string, unknown>;
type Headers = Record<string, string>;

interface FuzzCase {
  /** The mutation's arguments; a missing key is not sent. */
  args: fc.Arbitrary<Args>;
  select?: string;
  /** Default: the agent's token. */
  headers?: fc.Arbitrary<Headers>;
  numRuns: number;
  /** Run as they are, before the random ones: the MB strings, the operator objects, NUL. */
  fixed?: Args[];
  /** Checks an accepted request: what was stored is what was sent. */
  accepted?: (data: any, args: Args) => Promise<void>;
}

/** What a refused request must leave as it was: every collection a mutation writes. */
const ALL = ["contacts", "contact_phone_numbers", "entries", "agents", "sessions", "api_keys", "accounts", "phone_numbers", "canned_replies"];
/** Just under express.json's 1 MB limit (the resolver sees it), and just over (413 before GraphQL). */
const MB = 1_000_000;
const TOO_BIG = 1_100_000;

/** Lone surrogates are stored as U+FFFD, as any UTF-8 database does. */
const wellFormed = (s: string) => Buffer.from(s, "utf8").toString("utf8");
const text = (v: unknown) => (typeof v === "string" ? wellFormed(v.trim()) : v);

describe("fuzzing every mutation: hostile arguments get a coded error and change nothing", () => {
  let app: TestApp;
  let twilio: TestTwilio;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let other: Awaited<ReturnType<typeof createTenant>>;
  let spare: Awaited<ReturnType<typeof createTenant>>;
  let mutations: Record<string, GraphQLField<unknown, unknown>>;
  let number: string;
  const ids = {
    contact: "",
    updatable: "",
    failedSms: "",
    dismissableSms: "",
    spareKey: "",
    otherContact: "",
    otherSms: "",
    otherKey: "",
    scheduled: "",
    otherScheduled: "",
  };

  beforeAll(async () => {
    mutations = (await buildAppSchema()).getMutationType()!.getFields();
    twilio = await startFakeTwilio("manual");
    // X-Forwarded-For from loopback is believed: each sign-in attempt comes from an address of its own.
    app = await startTestApp({ file: import.meta.filename, twilio, config: { TRUST_PROXY: "loopback" } });
    tenant = await createTenant("Fuzz");
    other = await createTenant("Other");
    spare = await createTenant("Spare");
    await AgentModel.updateOne({ _id: tenant.agent._id }, { $set: { phone: "+15146300100" } });
    number = await addSmsNumber(tenant.accountId);
    const contact = await addCustomer(tenant.accountId, "+15146300700", "Fuzz Customer");
    ids.contact = String(contact._id);
    ids.updatable = String((await addCustomer(tenant.accountId, "+15146300701", "Update Me"))._id);
    await ContactModel.updateOne({ _id: contact._id }, { $set: { unread_count: 2 } });
    const failedSms = async (body: string) =>
      String(
        (
          await SmsEntryModel.create({
            account_id: tenant.accountId,
            customer_id: contact._id,
            customer_phone_number: "+15146300700",
            talkdesk_phone_number: number,
            body,
            direction: "outbound-api",
            status: SmsStatus.FAILED,
            error_code: 30003,
            created_at: new Date(),
          })
        )._id,
      );
    ids.failedSms = await failedSms("failed once");
    ids.dismissableSms = await failedSms("failed, to dismiss");
    ids.spareKey = (await createApiKey(tenant.accountId, "spare")).id;
    const otherContact = await addCustomer(other.accountId, "+15146300702", "Not Yours");
    ids.otherContact = String(otherContact._id);
    ids.otherSms = String(
      (
        await SmsEntryModel.create({
          account_id: other.accountId,
          customer_id: otherContact._id,
          customer_phone_number: "+15146300702",
          body: "theirs",
          direction: "outbound-api",
          status: SmsStatus.FAILED,
          created_at: new Date(),
        })
      )._id,
    );
    ids.otherKey = (await createApiKey(other.accountId, "theirs")).id;
    // Scheduled SMS, the tenant's (edited, moved, then canceled by the cases) and another account's.
    const later = () => new Date(Date.now() + 24 * 3600_000).toISOString();
    const schedule = async (token: string, contactId: string) =>
      (
        await app.gql(
          `mutation($i: ScheduleSmsInput!) { scheduleSms(input: $i) { id } }`,
          { i: { contactId, body: "later", sendAt: later() } },
          token,
        )
      ).data.scheduleSms.id;
    ids.scheduled = await schedule(tenant.token, ids.contact);
    await addSmsNumber(other.accountId);
    ids.otherScheduled = await schedule(other.token, ids.otherContact);
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });

  /** Canned replies: one to update, one to delete (once), and another account's. */
  const canned = { mine: "", deletable: "", theirs: "" };
  beforeAll(async () => {
    const create = async (token: string, title: string) =>
      (
        await app.gql(
          `mutation($t: String!) { createCannedReply(input: { title: $t, body: "Hi {{contact.firstName}}" }) { id } }`,
          { t: title },
          token,
        )
      ).data.createCannedReply.id as string;
    canned.mine = await create(tenant.token, "Update me");
    canned.deletable = await create(tenant.token, "Delete me");
    canned.theirs = await create(other.token, "Not yours");
  });

  const post = async (body: unknown, headers: Headers) => {
    const res = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    const json = res.headers.get("content-type")?.includes("json") ? ((await res.json()) as any) : undefined;
    return { status: res.status, json };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const read = async (query: string, variables: Args) => {
    const { json } = await post({ query, variables }, bearer(tenant.token));
    expect(json.errors, show(json.errors)).toBeUndefined();
    return json.data;
  };

  /** A header value fetch can send: printable Latin-1, no line breaks. */
  const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c === 0x7f ? 0x20 : c)), maxLength: 60 });
  /** Credentials of every sort: garbage, malformed cookies, a revoked or foreign token, an API key, a spare agent's session. */
  const hostileCredentials: fc.Arbitrary<Headers> = fc.oneof(
    headerText.map((t) => ({ authorization: `Bearer ${t}` })),
    headerText.map((t) => ({ authorization: t })),
    headerText.map((t) => ({ cookie: `td_session=${t}` })),
    fc.constantFrom("%", "%E0%A4%A", "%zz", "a%00b", "tdk_%ff").map((t) => ({ cookie: `td_session=${t}` })),
    fc.constantFrom("tdk_", "tdk_0000", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Bearer").map((t) => bearer(t)),
    fc.constant(null).map(() => bearer(tenant.apiKey)),
    fc.constant(null).map(() => bearer(spare.token)),
    fc.constant(null).map(() => ({})),
  );

  let phoneSeq = 0;
  /** A number no contact has yet. */
  const freshPhone = () => `+1438555${String(++phoneSeq).padStart(4, "0")}`;
  const contactFields = {
    name: hostileValue,
    phoneNumbers: fc.oneof(fc.array(hostilePhone, { maxLength: 12 }), hostileValue),
    email: fc.oneof(hostileValue, fc.emailAddress()),
    company: hostileValue,
    timeZone: fc.oneof(hostileValue, fc.constantFrom("America/Toronto", "Europe/Lisbon", "Mars/Olympus", "UTC", "")),
  };
  /** A contact's fields: all hostile, or one hostile field among valid ones. */
  const contactInput = fc.oneof(
    hostileValue,
    fc.record(contactFields, { requiredKeys: [] }),
    oneFieldHostile(() => ({ name: "Valid Name", phoneNumbers: [freshPhone()], email: "valid@example.com", company: "Acme" }), contactFields),
  );

  /** An accepted contact reads back as sent: trimmed, email in lower case, numbers E.164; and no field is unbounded. */
  const expectStoredContact = async (id: string, input: any) => {
    const { contact } = await read(`query($id: ID!) { contact(id: $id) { name email company phoneNumbers timeZone } }`, { id });
    expect([contact.name, contact.company].map((t) => t?.length ?? 0).filter((n) => n > 200)).toEqual([]);
    expect(contact.email?.length ?? 0).toBeLessThanOrEqual(254);
    if (typeof input.name === "string") expect(contact.name).toBe(text(input.name));
    if (Array.isArray(input.phoneNumbers)) expect(contact.phoneNumbers).toEqual([...new Set(input.phoneNumbers.map((n: string) => toE164(n)))]);
    if (input.email !== undefined) expect(contact.email).toBe((text(input.email) as string | null)?.toLowerCase() || null);
    if (input.company !== undefined) expect(contact.company).toBe(text(input.company) || null);
    if (input.timeZone !== undefined) expect(contact.timeZone).toBe(text(input.timeZone) || null);
  };

  let shortcutSeq = 0;
  /** Text a template may hold: hostile, or variables known, unknown and malformed. */
  const cannedText = fc.oneof(
    hostileValue,
    fc.constantFrom(
      "Hi {{contact.firstName}}",
      "{{ agent.firstName }} of {{account.name}}",
      "{{contact.lastName}}",
      "{{",
      "a }} {{}}",
      "{{{account.name}}}",
    ),
  );
  const cannedFields = {
    title: cannedText,
    body: fc.oneof(cannedText, fc.constant(longString(1601, "é"))),
    shortcut: fc.oneof(hostileValue, fc.constantFrom("/later", "LATER", "/a b", "/", "/é", `/${"x".repeat(31)}`)),
  };
  /** A canned reply's fields: all hostile, or one hostile among valid ones (with a shortcut nobody has). */
  const cannedInput = fc.oneof(
    hostileValue,
    fc.record(cannedFields, { requiredKeys: [] }),
    oneFieldHostile(() => ({ title: "Valid title", body: "Hi {{contact.firstName}}", shortcut: `/fuzz-${++shortcutSeq}` }), cannedFields),
  );
  /** An accepted canned reply is what was sent, trimmed (a shortcut in lower case, with its slash), within its bounds. */
  const expectStoredCannedReply = (reply: any, input: any) => {
    expect([[...reply.title].length <= 80, [...reply.body].length <= 1600]).toEqual([true, true]);
    if (typeof input.title === "string") expect(reply.title).toBe(text(input.title));
    if (typeof input.body === "string") expect(reply.body).toBe(text(input.body));
    const shortcut = typeof input.shortcut === "string" ? (text(input.shortcut) as string).toLowerCase() : input.shortcut;
    if (shortcut !== undefined) expect(reply.shortcut).toBe(shortcut ? (shortcut.startsWith("/") ? shortcut : `/${shortcut}`) : null);
  };

  // An assignee: nobody, this account's agent, another account's, or anything else (the fixtures exist when it runs).
  const assignee = fc.oneof(
    fc.constant(null),
    fc.constant(null).chain(() => hostileId([String(tenant.agent._id), String(other.agent._id)])),
  );

  // A time: past, near, far (beyond every limit), malformed, or anything else.
  const hostileTime = fc.oneof(
    fc.integer({ min: -3 * 24 * 3600, max: 500 * 24 * 3600 }).map((s) => new Date(Date.now() + s * 1000).toISOString()),
    fc.constantFrom("", "tomorrow", "2026-13-01T00:00:00Z", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"),
    hostileValue,
  );

  const CASES: Record<string, FuzzCase> = {
    assignConversation: {
      args: oneFieldHostile(() => ({ contactId: ids.contact, agentId: String(tenant.agent._id) }), {
        contactId: fc.constant(null).chain(() => hostileId([ids.contact, ids.otherContact])),
        agentId: assignee,
      }),
      select: "{ id assignee { id } }",
      numRuns: 40,
      fixed: [
        { contactId: "__contact__", agentId: { $ne: null } },
        { contactId: { $gt: "" }, agentId: null },
      ],
      accepted: async (data, { agentId }) => expect(data.assignee?.id ?? null).toBe(agentId ?? null),
    },
    setConversationStatus: {
      args: oneFieldHostile(() => ({ contactId: ids.contact, status: "RESOLVED" }), {
        contactId: fc.constant(null).chain(() => hostileId([ids.contact, ids.otherContact])),
        status: fc.oneof(fc.constantFrom("OPEN", "PENDING", "RESOLVED", "SNOOZED", "open", "CLOSED"), hostileValue),
        snoozedUntil: hostileTime,
      }),
      select: "{ id status snoozedUntil }",
      numRuns: 45,
      fixed: [
        { contactId: "__contact__", status: "SNOOZED" },
        { contactId: "__contact__", status: "SNOOZED", snoozedUntil: longString(MB) },
        { contactId: "__contact__", status: { $ne: "open" } },
      ],
      accepted: async (data, { status }) => expect(data.status).toBe(status),
    },
    assignConversations: {
      args: oneFieldHostile(() => ({ contactIds: [ids.contact], agentId: String(tenant.agent._id) }), {
        contactIds: fc.oneof(
          fc.array(hostileId([ids.contact, ids.otherContact]), { maxLength: 4 }),
          fc.constant(null).map(() => Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(24, "0"))),
          hostileValue,
        ),
        agentId: assignee,
      }),
      select: "{ id assignee { id } }",
      numRuns: 40,
      fixed: [
        { contactIds: ["__contact__", { $ne: null }], agentId: null },
        { contactIds: { $gt: "" }, agentId: null },
      ],
      accepted: async (data, { agentId }) => {
        for (const contact of data) expect(contact.assignee?.id ?? null).toBe(agentId ?? null);
      },
    },
    setConversationsStatus: {
      args: oneFieldHostile(() => ({ contactIds: [ids.contact], status: "RESOLVED" }), {
        contactIds: fc.oneof(fc.array(hostileId([ids.contact, ids.otherContact]), { maxLength: 4 }), hostileValue),
        status: fc.oneof(fc.constantFrom("OPEN", "PENDING", "RESOLVED", "SNOOZED", "CLOSED"), hostileValue),
        snoozedUntil: hostileTime,
      }),
      select: "{ id status }",
      numRuns: 40,
      fixed: [
        { contactIds: ["__contact__", "000000000000000000000000"], status: "RESOLVED" },
        { contactIds: [], status: "OPEN" },
      ],
      accepted: async (data, { status }) => {
        for (const contact of data) expect(contact.status).toBe(status);
      },
    },
    reportTyping: {
      args: oneFieldHostile(() => ({ contactId: ids.contact, typing: true }), {
        contactId: fc.constant(null).chain(() => hostileId([ids.contact, ids.otherContact])),
        typing: fc.oneof(fc.boolean(), hostileValue),
      }),
      numRuns: 25,
      fixed: [{ contactId: { $gt: "" }, typing: true }],
      accepted: async (data) => expect(data).toBe(true),
    },
    updateInboxSettings: {
      args: fc.record(
        {
          autoAssignOnReply: fc.oneof(fc.boolean(), hostileValue),
          autoAssignment: fc.oneof(fc.constantFrom("NONE", "ROUND_ROBIN", "round_robin", "RANDOM"), hostileValue),
        },
        { requiredKeys: [] },
      ),
      select: "{ id autoAssignOnReply autoAssignment }",
      numRuns: 30,
      fixed: [{}, { autoAssignment: { $set: "x" } }],
      accepted: async (data, { autoAssignOnReply, autoAssignment }) => {
        if (typeof autoAssignOnReply === "boolean") expect(data.autoAssignOnReply).toBe(autoAssignOnReply);
        if (typeof autoAssignment === "string") expect(data.autoAssignment).toBe(autoAssignment);
      },
    },
    createApiKey: {
      args: fc.record({ name: hostileValue }, { requiredKeys: [] }),
      select: "{ key apiKey { id name revokedAt } }",
      numRuns: 30,
      fixed: [{ name: longString(MB) }, { name: longString(TOO_BIG) }, { name: { $gt: "" } }, { name: "a\u0000b" }],
      accepted: async (data, { name }) => expect(data.apiKey.name).toBe(text(name) || null),
    },
    createContact: {
      args: fc.record({ input: contactInput }, { requiredKeys: [] }),
      select: "{ id name email company phoneNumbers }",
      numRuns: 60,
      fixed: [
        { input: { name: longString(MB) } },
        { input: { company: longString(MB), name: "Big company" } },
        { input: { email: `${longString(MB)}@example.com` } },
        { input: { $gt: "" } },
        { input: { name: { $gt: "" } } },
        { input: { phoneNumbers: [{ $gt: "" }] } },
        { input: { name: "NUL\u0000inside" } },
      ],
      accepted: async (data, { input }) => expectStoredContact(data.id, input),
    },
    createNote: {
      args: oneFieldHostile(() => ({ contactId: ids.contact, body: "Called back, all good." }), {
        contactId: fc.constant(null).chain(() => hostileId([ids.contact, ids.otherContact])),
        body: hostileValue,
      }),
      select: "{ id body }",
      numRuns: 45,
      fixed: [
        { contactId: "", body: "x" },
        { contactId: "__contact__", body: longString(MB) },
        { contactId: "__contact__", body: "a\u0000b" },
        { contactId: { $gt: "" }, body: "x" },
      ],
      accepted: async (data, { body }) => {
        const { entry } = await read(`query($id: ID!) { entry(id: $id) { ... on NoteEntry { body } } }`, { id: data.id });
        expect(entry.body).toBe(text(body));
      },
    },
    login: {
      args: fc.oneof(
        fc.record({ email: fc.oneof(hostileValue, fc.emailAddress()), password: hostileValue }, { requiredKeys: [] }),
        oneFieldHostile(() => ({ email: tenant.agent.email, password: "not the password" }), { email: hostileValue, password: hostileValue }),
      ),
      select: "{ token }",
      headers: fc.record({
        "x-forwarded-for": fc.ipV4(),
        cookie: fc.oneof(
          headerText.map((t) => `td_device=${t}`),
          fc.constant(""),
        ),
      }),
      numRuns: 30,
      fixed: [
        { email: longString(MB), password: "x" },
        { email: "__agent__", password: longString(MB) },
        { email: { $gt: "" }, password: { $gt: "" } },
        { email: "a\u0000b@example.com", password: "x" },
      ],
    },
    logout: { args: fc.constant({}), headers: hostileCredentials, numRuns: 20 },
    markConversationRead: {
      args: fc.record({ contactId: fc.constant(null).chain(() => hostileId([ids.contact, ids.otherContact])) }, { requiredKeys: [] }),
      select: "{ id unreadCount }",
      numRuns: 25,
      accepted: async (data) => expect(data.unreadCount).toBe(0),
    },
    dismissSms: {
      args: fc.record({ entryId: fc.constant(null).chain(() => hostileId([ids.dismissableSms, ids.otherSms, ids.contact])) }, { requiredKeys: [] }),
      select: "{ id status dismissedAt }",
      numRuns: 25,
      accepted: async (data) => expect(data.dismissedAt).not.toBeNull(),
    },
    retrySms: {
      args: fc.record({ entryId: fc.constant(null).chain(() => hostileId([ids.failedSms, ids.otherSms, ids.contact])) }, { requiredKeys: [] }),
      select: "{ id status retryCount }",
      numRuns: 25,
      accepted: async (data) => expect(data.retryCount).toBeGreaterThan(0),
    },
    revokeApiKey: {
      args: fc.record({ id: fc.constant(null).chain(() => hostileId([ids.spareKey, ids.otherKey])) }, { requiredKeys: [] }),
      select: "{ id revokedAt }",
      numRuns: 25,
      accepted: async (data) => expect(data.revokedAt).not.toBeNull(),
    },
    sendSms: {
      args: fc.record(
        {
          input: fc.oneof(
            hostileValue,
            oneFieldHostile(() => ({ contactId: ids.contact, body: "See you at 3", from: number, idempotencyKey: randomUUID() }), {
              contactId: fc.constant(null).chain(() => hostileId([ids.contact, ids.otherContact])),
              body: fc.oneof(hostileValue, fc.constant(longString(1601, "é"))),
              from: hostilePhone,
              idempotencyKey: hostileValue,
            }),
          ),
        },
        { requiredKeys: [] },
      ),
      select: "{ id body status customerPhoneNumber }",
      numRuns: 50,
      fixed: [
        { input: { contactId: "__contact__", body: longString(MB) } },
        { input: { contactId: "__contact__", body: "a\u0000b" } },
        { input: { contactId: "__contact__", body: "hi", idempotencyKey: "k\u0000" } },
        { input: { contactId: "__contact__", body: "hi", from: { $gt: "" } } },
      ],
      accepted: async (data, { input }) => {
        expect(data.body).toBe(wellFormed((input as any).body));
        expect(data.customerPhoneNumber).toBe("+15146300700");
      },
    },
    scheduleSms: {
      args: fc.record(
        {
          input: fc.oneof(
            hostileValue,
            oneFieldHostile(
              () => ({
                contactId: ids.contact,
                body: "See you at 3",
                from: number,
                sendAt: new Date(Date.now() + 3600_000).toISOString(),
                idempotencyKey: randomUUID(),
              }),
              {
                contactId: fc.constant(null).chain(() => hostileId([ids.contact, ids.otherContact])),
                body: fc.oneof(hostileValue, fc.constant(longString(1601, "é"))),
                from: hostilePhone,
                sendAt: hostileTime,
                idempotencyKey: hostileValue,
              },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
      select: "{ id body status }",
      numRuns: 40,
      fixed: [
        { input: { contactId: "__contact__", body: longString(MB), sendAt: "2030-01-01T00:00:00Z" } },
        { input: { contactId: "__contact__", body: "hi", sendAt: { $gt: "" } } },
      ],
      accepted: async (data, { input }) => {
        expect(data.body).toBe(wellFormed((input as any).body));
        expect(data.status).toBe("SCHEDULED");
      },
    },
    rescheduleSms: {
      args: oneFieldHostile(() => ({ entryId: ids.scheduled, sendAt: new Date(Date.now() + 7200_000).toISOString() }), {
        entryId: fc.constant(null).chain(() => hostileId([ids.scheduled, ids.otherScheduled, ids.contact])),
        sendAt: hostileTime,
      }),
      select: "{ id scheduledFor }",
      numRuns: 30,
      accepted: async (data, { sendAt }) => expect(new Date(data.scheduledFor).getTime()).toBe(new Date(sendAt as string).getTime()),
    },
    editScheduledSms: {
      args: oneFieldHostile(() => ({ entryId: ids.scheduled, body: "new text" }), {
        entryId: fc.constant(null).chain(() => hostileId([ids.scheduled, ids.otherScheduled, ids.contact])),
        body: fc.oneof(hostileValue, fc.constant(longString(1601, "é"))),
      }),
      select: "{ id body }",
      numRuns: 30,
      accepted: async (data, { body }) => expect(data.body).toBe(wellFormed(body as string)),
    },
    cancelScheduledSms: {
      args: fc.record({ entryId: fc.constant(null).chain(() => hostileId([ids.otherScheduled, ids.contact, ids.failedSms])) }),
      select: "{ id status }",
      numRuns: 20,
      fixed: [{ entryId: { $ne: null } }],
    },
    updateQuietHours: {
      args: fc.record({ mode: fc.oneof(fc.constantFrom("OFF", "US_CA", "ALL", "off", "NIGHT"), hostileValue) }, { requiredKeys: [] }),
      select: "{ quietHours }",
      numRuns: 25,
      fixed: [{ mode: { $set: "all" } }],
      accepted: async (data, { mode }) => expect(data.quietHours).toBe(mode),
    },
    signOutEverywhere: { args: fc.constant({}), headers: hostileCredentials, numRuns: 20 },
    startCall: {
      args: oneFieldHostile(() => ({ contactId: ids.contact, from: number }), {
        contactId: fc.constant(null).chain(() => hostileId([ids.contact, ids.otherContact])),
        from: hostilePhone,
      }),
      select: "{ id status customerPhoneNumber }",
      numRuns: 30,
      fixed: [{ contactId: "__contact__", from: longString(MB) }],
      accepted: async (data) => expect(data.customerPhoneNumber).toBe("+15146300700"),
    },
    updateContact: {
      args: oneFieldHostile(() => ({ id: ids.updatable, input: { name: "Updated" } }), {
        id: fc.constant(null).chain(() => hostileId([ids.updatable, ids.otherContact])),
        input: contactInput,
      }),
      select: "{ id name email company phoneNumbers }",
      numRuns: 45,
      fixed: [
        { id: "__updatable__", input: { company: longString(MB) } },
        { id: "__updatable__", input: { name: "a\u0000b" } },
        { id: "__updatable__", input: { phoneNumbers: { $gt: "" } } },
      ],
      accepted: async (data, { input }) => expectStoredContact(data.id, input),
    },
    createCannedReply: {
      args: fc.record({ input: cannedInput }, { requiredKeys: [] }),
      select: "{ id title body shortcut variables }",
      numRuns: 50,
      fixed: [
        { input: { title: longString(MB), body: "x" } },
        { input: { title: "Big body", body: longString(MB) } },
        { input: { title: "t", body: "x", shortcut: longString(MB) } },
        { input: { title: { $gt: "" }, body: "x" } },
        { input: { title: "t", body: "x", shortcut: { $ne: null } } },
        { input: { title: "t", body: "NUL\u0000inside" } },
        { input: { title: "t", body: `{{${longString(MB)}}}` } },
      ],
      accepted: async (data, { input }) => expectStoredCannedReply(data, input),
    },
    updateCannedReply: {
      args: oneFieldHostile(() => ({ id: canned.mine, input: { title: "Updated" } }), {
        id: fc.constant(null).chain(() => hostileId([canned.mine, canned.theirs, ids.contact])),
        input: cannedInput,
      }),
      select: "{ id title body shortcut }",
      numRuns: 45,
      fixed: [
        { id: { $gt: "" }, input: { title: "x" } },
        { id: "000000000000000000000000", input: { body: longString(MB) } },
      ],
      accepted: async (data, { input }) => expectStoredCannedReply(data, input),
    },
    deleteCannedReply: {
      args: fc.record({ id: fc.constant(null).chain(() => hostileId([canned.deletable, canned.theirs, ids.contact])) }, { requiredKeys: [] }),
      numRuns: 25,
      fixed: [{ id: { $ne: null } }],
      accepted: async (data) => expect(data).toBe(canned.deletable),
    },
  };

  /** Fixed cases name the fixtures before they exist: "__contact__" and the like are replaced when the test runs. */
  const withFixtures = (value: unknown): any => {
    if (Array.isArray(value)) return value.map(withFixtures);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withFixtures(v)]));
    return value === "__contact__" ? ids.contact : value === "__updatable__" ? ids.updatable : value === "__agent__" ? tenant.agent.email : value;
  };

  /** The operation for `args`: as variables of the declared types, or written inline. */
  function operation(name: string, args: Args, inline: boolean, select = "") {
    const declared = mutations[name].args;
    if (inline) {
      const given = declared.filter((a) => a.name in args).map((a) => `${a.name}: ${literal(args[a.name])}`);
      return { query: `mutation { ${name}${given.length ? `(${given.join(", ")})` : ""} ${select} }` };
    }
    const vars = declared.map((a) => `$${a.name}: ${String(a.type)}`);
    const pass = declared.map((a) => `${a.name}: $${a.name}`);
    return {
      query: `mutation${vars.length ? `(${vars.join(", ")})` : ""} { ${name}${pass.length ? `(${pass.join(", ")})` : ""} ${select} }`,
      variables: args,
    };
  }

  /** One request, judged: below 500, only known codes, the server up, nothing written when refused. Returns the data when accepted. */
  async function judge(request: { query: string; variables?: Args }, headers: Headers, before: Record<string, string>) {
    const res = await post(request, headers);
    const context = show({ request, headers, status: res.status, errors: res.json?.errors });
    expect(res.status, context).toBeLessThan(500);
    const errors: any[] = res.json?.errors ?? [];
    expect(
      errors.map((e) => e.extensions?.code).filter((code) => !KNOWN_CODES.has(code)),
      context,
    ).toEqual([]);
    await expectHealthy(app.url);
    const after = await snapshot(ALL);
    const refused = res.status >= 400 || errors.length > 0;
    tally(
      request.query,
      refused
        ? (errors[0]?.extensions?.code ?? `HTTP ${res.status}`) +
            (process.env.FUZZ_REPORT === "messages" ? ` ${errors[0]?.message?.slice(0, 80)}` : "")
        : "accepted",
    );
    if (refused) expect(after, `refused, yet the database changed: ${context}`).toEqual(before);
    return { after, data: refused ? undefined : res.json.data };
  }

  /** FUZZ_REPORT=1 prints what each operation answered (FUZZ_REPORT=messages: with the refusals' sentences). */
  const count = tallyOutcomes();
  const tally = (query: string, outcome: string) => count(query.match(/\{\s*(\w+)/)?.[1] ?? "?", outcome);

  it("has a fuzz case for every mutation of the schema", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(mutations).sort());
  });

  for (const [name, fuzz] of Object.entries(CASES)) {
    it(`${name}: ${fuzz.fixed?.length ?? 0} fixed cases and ${fuzz.numRuns} random runs`, { timeout: 120_000 }, async () => {
      let before = await snapshot(ALL);
      const attempt = async (raw: Args, inline: boolean, headers: Headers) => {
        const args = withFixtures(raw);
        const { after, data } = await judge(operation(name, args, inline, fuzz.select), headers, before);
        if (data) await fuzz.accepted?.(data[name], args);
        before = after;
      };
      // The fixed cases (a MB of text, operator objects) run as they are: shrinking a MB string would take minutes.
      for (const args of fuzz.fixed ?? []) await attempt(args, false, fuzz.headers ? {} : bearer(tenant.token));
      const request = fc.record({
        args: fuzz.args,
        inline: fc.constantFrom(false, false, true),
        headers: fuzz.headers ?? fc.constant(null).map(() => bearer(tenant.token)),
      });
      await fc.assert(
        fc.asyncProperty(request, ({ args, inline, headers }) => attempt(args, inline, headers)),
        runs(fuzz.numRuns),
      );
    });
  }

  it("lists and lookups: hostile first, after, search, types and ids get a coded error and write nothing", { timeout: 120_000 }, async () => {
    const first = fc.oneof(
      fc.integer(),
      fc.constantFrom(0, -1, 1, 100, 101, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e308, 1.5),
      hostileValue,
    );
    const cursor = fc.oneof(
      hostileValue,
      fc
        .tuple(fc.constantFrom("contact", "entry", "conversation", "x"), fc.jsonValue(), fc.jsonValue())
        .map((a) => Buffer.from(JSON.stringify(a)).toString("base64url")),
    );
    const queries = fc.oneof(
      fc.record({ first, after: cursor, search: hostileValue }, { requiredKeys: [] }).map((variables) => ({
        query: `query($first: Int, $after: String, $search: String) { contacts(first: $first, after: $after, search: $search) { edges { node { id } } } }`,
        variables,
      })),
      fc.record({ first, after: cursor }, { requiredKeys: [] }).map((variables) => ({
        query: `query($first: Int, $after: String) { conversations(first: $first, after: $after) { edges { cursor } } }`,
        variables,
      })),
      fc
        .record(
          {
            first,
            after: cursor,
            filter: fc.oneof(
              hostileValue,
              fc.record(
                {
                  assignee: fc.oneof(fc.constantFrom("ME", "UNASSIGNED", "ANY"), hostileValue),
                  agentId: hostileId([String(tenant.agent._id), String(other.agent._id)]),
                  status: fc.oneof(fc.array(fc.constantFrom("OPEN", "PENDING", "RESOLVED", "SNOOZED")), hostileValue),
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: [] },
        )
        .map((variables) => ({
          query: `query($first: Int, $after: String, $filter: ConversationFilter) { conversations(first: $first, after: $after, filter: $filter) { edges { cursor node { status } } } conversationCounts { mine open } }`,
          variables,
        })),
      fc
        .record(
          {
            id: hostileId([ids.contact, ids.otherContact]),
            first,
            after: cursor,
            types: fc.oneof(hostileValue, fc.array(fc.constantFrom("SMS", "CALL", "NOTE"))),
          },
          { requiredKeys: [] },
        )
        .map((variables) => ({
          query: `query($id: ID!, $first: Int, $after: String, $types: [EntryType!]) { contact(id: $id) { timeline(first: $first, after: $after, types: $types) { edges { node { id } } } } }`,
          variables,
        })),
      fc.record({ first: fc.oneof(first, hostileString), search: hostileValue }).map(({ first, search }) => ({
        query: `{ contacts(first: ${literal(first)}, search: ${literal(search)}) { edges { cursor } } }`,
      })),
      hostileId([ids.failedSms, ids.otherSms]).map((id) => ({ query: `query($id: ID!) { entry(id: $id) { id } }`, variables: { id } })),
      // Nested pages: the cost check reads `first` before anything runs (QUERY_TOO_COMPLEX past 25,000 objects).
      fc.record({ a: first, b: first }, { requiredKeys: [] }).map((variables) => ({
        query: `query($a: Int, $b: Int) { contacts(first: $a) { edges { node { timeline(first: $b) { edges { node { contact { timeline(first: $b) { edges { cursor } } } } } } } } } }`,
        variables,
      })),
    );
    const before = await snapshot(ALL);
    // Reads never write, accepted or not.
    const attempt = async (request: { query: string; variables?: Args }) => {
      expect((await judge(request, bearer(tenant.token), before)).after).toEqual(before);
    };
    await attempt({ query: `{ contacts(first: 100000000000) { edges { cursor } } }` });
    await attempt({ query: `{ contacts(search: ${JSON.stringify(longString(MB))}) { edges { cursor } } }` });
    await fc.assert(fc.asyncProperty(queries, attempt), runs(60));
  });
});
