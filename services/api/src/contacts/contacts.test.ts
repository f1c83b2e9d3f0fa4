import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactModel, ContactPhoneNumberModel } from "./contact.model.js";
import { findOrCreateContactByNumber } from "./contact.service.js";
import { codes, createTenant, startTestApp, type GraphQLResponse, type TestApp } from "../../test/helpers.js";

const CREATE = `mutation($input: CreateContactInput!) { createContact(input: $input) { id name phoneNumbers email company unreadCount smsOptedOut } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id name phoneNumbers email company } }`;
const SEARCH = `query($search: String, $first: Int, $after: String) { contacts(search: $search, first: $first, after: $after) {
  edges { node { id name } } pageInfo { hasNextPage endCursor } } }`;

describe("contacts", () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
    tenant = await createTenant("Contacts");
  });
  afterAll(() => app.close());

  const create = (input: Record<string, unknown>) => app.gql(CREATE, { input }, tenant.token);

  it("stores numbers typed in any format as E.164", async () => {
    const res = await create({
      name: "  Maria Santos ",
      phoneNumbers: ["(514) 630-0808", "+44 20 7946 0958", "514.630.0808"],
      email: "Maria@Example.com",
      company: "Northwind",
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.createContact).toMatchObject({
      name: "Maria Santos",
      phoneNumbers: ["+15146300808", "+442079460958"],
      email: "maria@example.com",
      company: "Northwind",
      unreadCount: 0,
      smsOptedOut: false,
    });
  });

  it("refuses a number that is already another contact's, naming that contact, and writes nothing", async () => {
    const before = await ContactModel.countDocuments({ account_id: tenant.accountId });
    const res = await create({ name: "Copycat", phoneNumbers: ["+1 (415) 555-0199", "514-630-0808"] });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0].message).toBe("+15146300808 is already the number of Maria Santos: edit that contact, or remove the number from it first.");
    expect(await ContactModel.countDocuments({ account_id: tenant.accountId })).toBe(before);
    // the first number was claimed then released: it is free to use
    expect(await ContactPhoneNumberModel.countDocuments({ account_id: tenant.accountId, phone_number: "+14155550199" })).toBe(0);
    expect((await create({ name: "Free number", phoneNumbers: ["+14155550199"] })).errors).toBeUndefined();
  });

  it("lets another account use the same number", async () => {
    const other = await createTenant("Other");
    const res = await app.gql(CREATE, { input: { name: "Same number elsewhere", phoneNumbers: ["+15146300808"] } }, other.token);
    expect(res.errors).toBeUndefined();
  });

  it("gives one contact to simultaneous creations with the same number", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => create({ name: `Racer ${i}`, phoneNumbers: ["+15146309999"] })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(await ContactModel.countDocuments({ account_id: tenant.accountId, phone_numbers: "+15146309999" })).toBe(1);
  });

  it("finds or creates one contact per number under concurrent webhooks", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => findOrCreateContactByNumber(tenant.accountId, "+15146307777")));
    expect(new Set(results.map((r) => String(r.contact._id))).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0].contact.name).toBe("+15146307777");
    expect(await ContactModel.countDocuments({ account_id: tenant.accountId, phone_numbers: "+15146307777" })).toBe(1);
  });

  it("updates fields, replaces numbers and frees the removed ones", async () => {
    const created = (await create({ name: "To Update", phoneNumbers: ["+15146301111"], email: "a@example.com" })).data.createContact;
    const res = await app.gql(UPDATE, { id: created.id, input: { name: "Updated", phoneNumbers: ["+1 514 630 2222"], email: null } }, tenant.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.updateContact).toEqual({ id: created.id, name: "Updated", phoneNumbers: ["+15146302222"], email: null, company: null });
    expect((await create({ name: "Takes the old number", phoneNumbers: ["+15146301111"] })).errors).toBeUndefined();
    const conflict = await app.gql(UPDATE, { id: created.id, input: { phoneNumbers: ["+15146302222", "+15146300808"] } }, tenant.token);
    expect(conflict.errors![0].message).toMatch(/already the number of Maria Santos/);
  });

  it("refuses bad input with BAD_USER_INPUT and a sentence that says what to fix", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: "Bad number", phoneNumbers: ["call me maybe"] }, /not a phone number we can dial/],
      [{ name: "Too short", phoneNumbers: ["12"] }, /not a phone number/],
      [{ name: "   " }, /name cannot be empty/],
      [{}, /needs a name or a phone number/],
      [{ name: "Bad email", email: "not-an-email" }, /not an email address/],
      [{ name: "x".repeat(201) }, /too long/],
      // Found by fuzzing: a MB of company or email was stored as it came.
      [{ name: "Big company", company: "x".repeat(201) }, /^The company is too long: at most 200 characters\.$/],
      [{ name: "Long email", email: `${"x".repeat(300)}@example.com` }, /^The email address is too long: at most 254 characters\.$/],
    ];
    for (const [input, message] of cases) {
      const res = await create(input);
      expect(codes(res), JSON.stringify(input)).toEqual(["BAD_USER_INPUT"]);
      expect(res.errors![0].message).toMatch(message);
    }
    const badId = await app.gql(`{ contact(id: "nope") { id } }`, {}, tenant.token);
    expect(codes(badId)).toEqual(["BAD_USER_INPUT"]);
    expect(badId.errors![0].message).toBe('"nope" is not a valid contact id: ids are 24 hexadecimal characters.');
  });

  describe("search", () => {
    const names = async (search: string) =>
      ((await app.gql(SEARCH, { search, first: 100 }, tenant.token)).data.contacts.edges as { node: { name: string } }[]).map((e) => e.node.name);

    it("matches part of a name, any case", async () => {
      expect(await names("maria")).toEqual(["Maria Santos"]);
      expect(await names("SANT")).toEqual(["Maria Santos"]);
    });

    it("matches a number in any format the agent types", async () => {
      for (const typed of ["+15146300808", "(514) 630-0808", "514.630.0808", "630-0808", "+44 20 7946 0958", "020 7946 0958"]) {
        expect(await names(typed), typed).toEqual(["Maria Santos"]);
      }
    });

    it("treats regex characters literally", async () => {
      expect(await names(".*")).toEqual([]);
    });

    it("pages by last activity with no repeats", async () => {
      const all: string[] = [];
      let after: string | null = null;
      do {
        const res: GraphQLResponse = await app.gql(SEARCH, { first: 2, after }, tenant.token);
        all.push(...res.data.contacts.edges.map((e: { node: { id: string } }) => e.node.id));
        after = res.data.contacts.pageInfo.hasNextPage ? res.data.contacts.pageInfo.endCursor : null;
      } while (after);
      const total = await ContactModel.countDocuments({ account_id: tenant.accountId });
      expect(all).toHaveLength(total);
      expect(new Set(all).size).toBe(total);
    });
  });
});
