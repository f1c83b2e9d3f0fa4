import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContact } from "../contacts/contact.service.js";
import { NoteEntryModel } from "../timeline/entry.model.js";
import { addPhoneNumber } from "../phone-numbers/phone-number.service.js";
import { codes, createTenant, startTestApp, type TestApp } from "../../test/helpers.js";

/** Every operation is scoped to the caller's account: another account's ids are NOT_FOUND, lists never show them. */
describe("account isolation", () => {
  let app: TestApp;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;
  let bContactId: string;
  let bNoteId: string;

  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
    a = await createTenant("A");
    b = await createTenant("B");
    await addPhoneNumber({ accountId: a.accountId, number: "+16502907001", capabilities: { sms: true } });
    await addPhoneNumber({ accountId: b.accountId, number: "+16502907002", capabilities: { sms: true } });
    await createContact(a.accountId, { name: "Alice of A", phoneNumbers: ["+15146300001"] });
    const bContact = await createContact(b.accountId, { name: "Bob of B", phoneNumbers: ["+15146300002"] });
    bContactId = String(bContact._id);
    bNoteId = String((await NoteEntryModel.create({ account_id: b.accountId, customer_id: bContact._id, body: "B's secret" }))._id);
  });
  afterAll(() => app.close());

  // Agents (token) and other services (API key) are held to the same rule.
  for (const credential of ["agent token", "API key"] as const) {
    describe(`with an ${credential} of account A`, () => {
      const auth = () => (credential === "agent token" ? a.token : a.apiKey);

      it("gets NOT_FOUND for B's contact, entry, updates and notes, and changes nothing", async () => {
        const ops: [string, Record<string, unknown>][] = [
          [`query($id: ID!) { contact(id: $id) { id name } }`, { id: bContactId }],
          [`query($id: ID!) { entry(id: $id) { id } }`, { id: bNoteId }],
          [`mutation($id: ID!) { updateContact(id: $id, input: { name: "hijacked" }) { id } }`, { id: bContactId }],
          [`mutation($id: ID!) { createNote(contactId: $id, body: "hello from A") { id } }`, { id: bContactId }],
        ];
        for (const [query, variables] of ops) {
          const res = await app.gql(query, variables, auth());
          expect(codes(res), query).toEqual(["NOT_FOUND"]);
          expect(res.errors![0].message).toMatch(/^No (contact|entry) with id ".+" exists in your account\.$/);
        }
        const bView = await app.gql(`query($id: ID!) { contact(id: $id) { name timeline { edges { node { id } } } } }`, { id: bContactId }, b.token);
        expect(bView.data.contact).toEqual({ name: "Bob of B", timeline: { edges: [{ node: { id: bNoteId } }] } });
      });

      it("never lists B's contacts, even when searching for their name or number", async () => {
        for (const search of [null, "Bob", "+15146300002", "0002"]) {
          const res = await app.gql(`query($s: String) { contacts(search: $s) { edges { node { name } } } }`, { s: search }, auth());
          expect(res.data.contacts.edges.map((e: { node: { name: string } }) => e.node.name)).not.toContain("Bob of B");
        }
      });

      it("lists only A's phone numbers", async () => {
        const res = await app.gql(`{ phoneNumbers { phoneNumber } }`, {}, auth());
        expect(res.data.phoneNumbers).toEqual([{ phoneNumber: "+16502907001" }]);
      });
    });
  }

  it("writes a note on one's own contact, signed by the agent, and moves the contact's last activity", async () => {
    const contacts = await app.gql(`{ contacts(search: "Alice") { edges { node { id lastActivityAt } } } }`, {}, a.token);
    const alice = contacts.data.contacts.edges[0].node;
    const res = await app.gql(
      `mutation($id: ID!) { createNote(contactId: $id, body: "  Called back, all good.  ") { id body createdAt agent { name } contact { id lastActivityAt } } }`,
      { id: alice.id },
      a.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.createNote).toMatchObject({ body: "Called back, all good.", agent: { name: a.agent.name }, contact: { id: alice.id } });
    expect(Date.parse(res.data.createNote.contact.lastActivityAt)).toBeGreaterThanOrEqual(Date.parse(res.data.createNote.createdAt));
    const empty = await app.gql(`mutation($id: ID!) { createNote(contactId: $id, body: "   ") { id } }`, { id: alice.id }, a.token);
    expect(codes(empty)).toEqual(["BAD_USER_INPUT"]);
  });
});
