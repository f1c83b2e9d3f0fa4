import mongoose, { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContact } from "../contacts/contact.service.js";
import { SmsStatus } from "../sms/sms.enums.js";
import { CallEntryModel, VoicemailEntryModel } from "../calls/call-entry.model.js";
import { NoteEntryModel } from "./entry.model.js";
import { SmsEntryModel } from "../sms/sms-entry.model.js";
import { codes, createTenant, startTestApp, type GraphQLResponse, type TestApp } from "../../test/helpers.js";

const TIMELINE = `query($id: ID!, $first: Int, $after: String, $types: [EntryType!]) {
  contact(id: $id) { timeline(first: $first, after: $after, types: $types) {
    edges { cursor node { id __typename createdAt ... on CallEntry { agent { name } } ... on NoteEntry { agent { name } } } }
    pageInfo { hasNextPage endCursor } } } }`;

describe("a contact's timeline", () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let contactId: string;
  let allIds: string[]; // newest first

  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
    tenant = await createTenant();
    const contact = await createContact(tenant.accountId, { name: "Paged Customer", phoneNumbers: ["+15146300808"] });
    contactId = String(contact._id);
    // 53 entries of every kind, several sharing the same second, inserted out of time order.
    const base = { account_id: tenant.accountId, customer_id: contact._id, customer_phone_number: "+15146300808" };
    const start = Date.UTC(2026, 0, 1) / 1000;
    const docs = Array.from({ length: 53 }, (_, i) => {
      const seconds = start + Math.floor(i / 3) * 3600;
      return { ...base, _id: new Types.ObjectId(Types.ObjectId.generate(seconds)), created_at: new Date(seconds * 1000), i };
    }).sort(() => Math.random() - 0.5);
    for (const { i, ...doc } of docs) {
      if (i % 4 === 0) await CallEntryModel.create({ ...doc, direction: "inbound", status: "completed", duration: 60, agent_id: tenant.agent._id });
      else if (i % 4 === 1) await VoicemailEntryModel.create({ ...doc, duration: "12", record: "https://example.com/r.mp3" });
      else if (i % 4 === 2) await NoteEntryModel.create({ ...doc, body: `note ${i}`, agent_id: tenant.agent._id });
      else await SmsEntryModel.create({ ...doc, body: `sms ${i}`, direction: "inbound", status: SmsStatus.RECEIVED });
    }
    allIds = docs
      .map((d) => String(d._id))
      .sort()
      .reverse();
  });
  afterAll(() => app.close());

  async function pageThrough(first: number, types?: string[]) {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const res: GraphQLResponse = await app.gql(TIMELINE, { id: contactId, first, after, types }, tenant.token);
      expect(res.errors).toBeUndefined();
      const { edges, pageInfo } = res.data.contact.timeline as {
        edges: { cursor: string; node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      seen.push(...edges.map((e: { node: { id: string } }) => e.node.id));
      if (!pageInfo.hasNextPage) return seen;
      expect(pageInfo.endCursor).toBe(edges[edges.length - 1].cursor);
      after = pageInfo.endCursor;
    }
    throw new Error("pagination did not end");
  }

  it.each([1, 7, 20, 53, 100])("pages of %i give every entry once, newest first, with no gaps", async (first) => {
    expect(await pageThrough(first)).toEqual(allIds);
  });

  it("orders by time: createdAt never increases down the timeline", async () => {
    const res = await app.gql(TIMELINE, { id: contactId, first: 100 }, tenant.token);
    const times = res.data.contact.timeline.edges.map((e: { node: { createdAt: string } }) => Date.parse(e.node.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("keeps its place when new entries arrive between pages", async () => {
    const first = await app.gql(TIMELINE, { id: contactId, first: 10 }, tenant.token);
    const page1 = first.data.contact.timeline.edges.map((e: { node: { id: string } }) => e.node.id);
    const fresh = await NoteEntryModel.create({
      account_id: tenant.accountId,
      customer_id: new Types.ObjectId(contactId),
      body: "new",
      created_at: new Date(),
    });
    const second = await app.gql(TIMELINE, { id: contactId, first: 10, after: first.data.contact.timeline.pageInfo.endCursor }, tenant.token);
    const page2 = second.data.contact.timeline.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(page2).toEqual(allIds.slice(10, 20));
    expect(page1).toEqual(allIds.slice(0, 10));
    await NoteEntryModel.deleteOne({ _id: fresh._id });
  });

  it("filters by kind across pages", async () => {
    const ids = await pageThrough(4, ["VOICEMAIL", "SMS"]);
    const expected = (
      await mongoose.connection
        .db!.collection("entries")
        .find({ customer_id: new Types.ObjectId(contactId), _type: { $in: ["VoicemailEntry", "SmsEntry"] } })
        .toArray()
    )
      .map((d) => String(d._id))
      .sort()
      .reverse();
    expect(ids).toEqual(expected);
    expect(ids.length).toBe(26);
  });

  it("costs the same number of queries for a page of 5 as for a page of 50 (DataLoader batching)", async () => {
    const count = async (first: number) => {
      let queries = 0;
      mongoose.set("debug", () => void queries++);
      try {
        const res = await app.gql(TIMELINE, { id: contactId, first }, tenant.token);
        expect(res.data.contact.timeline.edges).toHaveLength(first);
      } finally {
        mongoose.set("debug", false);
      }
      return queries;
    };
    const small = await count(5);
    const large = await count(50);
    expect(large).toBe(small);
    // auth (the session and its agent, read in parallel) + contact + entries + one batch of agents
    expect(small).toBeLessThanOrEqual(5);
  });

  it("refuses bad paging arguments with BAD_USER_INPUT and a sentence", async () => {
    for (const variables of [{ first: 0 }, { first: 101 }, { after: "not-a-cursor" }, { types: [] }]) {
      const res = await app.gql(TIMELINE, { id: contactId, ...variables }, tenant.token);
      expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
      expect(res.errors![0].message).toMatch(/first|after|types/);
    }
  });

  it("refuses a cursor of another list", async () => {
    const contacts = await app.gql(`{ contacts(first: 1) { pageInfo { endCursor } } }`, {}, tenant.token);
    const res = await app.gql(TIMELINE, { id: contactId, after: contacts.data.contacts.pageInfo.endCursor }, tenant.token);
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
  });
});
