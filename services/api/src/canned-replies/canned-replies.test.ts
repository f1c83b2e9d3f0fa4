import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCannedReplies } from "../dev/demo-seed.js";
import { codes, createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { CannedReplyModel } from "./canned-reply.model.js";
import { MAX_CANNED_REPLIES } from "./canned-reply.service.js";

const REPLY = "id title body shortcut variables createdBy { name } createdAt updatedAt";
const LIST = `{ cannedReplies { ${REPLY} } }`;
const CREATE = `mutation($input: CreateCannedReplyInput!) { createCannedReply(input: $input) { ${REPLY} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateCannedReplyInput!) { updateCannedReply(id: $id, input: $input) { ${REPLY} } }`;
const DELETE = `mutation($id: ID!) { deleteCannedReply(id: $id) }`;
const VALID = "{{contact.firstName}}, {{agent.firstName}} or {{account.name}}";

type Tenant = Awaited<ReturnType<typeof createTenant>>;

describe("canned replies", () => {
  let app: TestApp;
  let tenant: Tenant;

  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
    tenant = await createTenant("Canned");
  });
  afterAll(() => app.close());

  const as = (who: Tenant, credential: "token" | "apiKey" = "token") => ({
    list: async () => (await app.gql(LIST, {}, who[credential])).data.cannedReplies as any[],
    create: (input: Record<string, unknown>) => app.gql(CREATE, { input }, who[credential]),
    update: (id: string, input: Record<string, unknown>) => app.gql(UPDATE, { id, input }, who[credential]),
    remove: (id: string) => app.gql(DELETE, { id }, who[credential]),
  });
  const count = (who: Tenant) => CannedReplyModel.countDocuments({ account_id: who.accountId });
  /** A fresh tenant's replies, so tests do not see each other's. */
  const fresh = async (label: string) => {
    const who = await createTenant(label);
    return { who, api: as(who) };
  };

  it("creates, lists, updates and deletes, normalising what was typed", async () => {
    const { who, api } = await fresh("Crud");
    const created = await api.create({
      title: "  Call back later ",
      body: " Hi {{ contact.firstName }}, {{agent.firstName}} here. ",
      shortcut: " Later ",
    });
    expect(created.errors).toBeUndefined();
    const reply = created.data.createCannedReply;
    expect(reply).toMatchObject({
      title: "Call back later",
      body: "Hi {{ contact.firstName }}, {{agent.firstName}} here.",
      shortcut: "/later",
      variables: ["contact.firstName", "agent.firstName"],
      createdBy: { name: who.agent.name },
    });
    expect(await api.list()).toEqual([reply]);
    const stored = await CannedReplyModel.findById(reply.id).lean();
    expect(stored).toMatchObject({ account_id: who.accountId, shortcut: "/later", shortcut_key: `${String(who.accountId)}:/later` });
    expect(stored!.created_by_agent_id).toEqual(who.agent._id);

    const updated = await api.update(reply.id, { body: "{{account.name}} will call you back", shortcut: "/Call-Back_2" });
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateCannedReply).toMatchObject({
      id: reply.id,
      title: "Call back later",
      body: "{{account.name}} will call you back",
      shortcut: "/call-back_2",
      variables: ["account.name"],
    });
    expect(new Date(updated.data.updateCannedReply.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(reply.updatedAt).getTime());

    // Omitted (or null) title and body stay; a null shortcut removes it, and both of its fields with it.
    const cleared = await api.update(reply.id, { title: null, shortcut: null });
    expect(cleared.data.updateCannedReply).toMatchObject({ title: "Call back later", shortcut: null });
    const unshortcut = await CannedReplyModel.findById(reply.id).lean();
    expect(unshortcut).not.toHaveProperty("shortcut");
    expect(unshortcut).not.toHaveProperty("shortcut_key");
    // An empty input changes nothing and answers the reply.
    expect((await api.update(reply.id, {})).data.updateCannedReply.body).toBe("{{account.name}} will call you back");

    expect(await api.remove(reply.id)).toEqual({ data: { deleteCannedReply: reply.id } });
    expect(await api.list()).toEqual([]);
    // Deleting twice: the second finds nothing (and says so), as does an update of the deleted reply.
    const again = await api.remove(reply.id);
    expect(codes(again)).toEqual(["NOT_FOUND"]);
    expect(again.errors![0].message).toBe(`No canned reply with id "${reply.id}" exists in your account.`);
    expect(codes(await api.update(reply.id, { title: "x" }))).toEqual(["NOT_FOUND"]);
    expect(codes(await api.remove("not-an-id"))).toEqual(["BAD_USER_INPUT"]);
  });

  it("lists by title, then by age, and lists variables once per reply", async () => {
    const { api } = await fresh("Order");
    for (const title of ["beta", "Alpha", "Zulu", "Alpha", "{{account.name}} hours"]) {
      expect((await api.create({ title, body: `${title} {{account.name}} {{account.name}}` })).errors).toBeUndefined();
    }
    const list = await api.list();
    // Binary order, as MongoDB sorts without a collation (the index serves it): upper case first, then "{".
    expect(list.map((r) => r.title)).toEqual(["Alpha", "Alpha", "Zulu", "beta", "{{account.name}} hours"]);
    expect(list[0].id < list[1].id).toBe(true);
    expect(list[4].variables).toEqual(["account.name"]);
  });

  it("refuses unknown variables and a {{ never closed, listing the valid ones, and stores nothing", async () => {
    const { who, api } = await fresh("Variables");
    const unknown = await api.create({ title: "Bye", body: "Bye {{contact.lastName}}" });
    expect(codes(unknown)).toEqual(["BAD_USER_INPUT"]);
    expect(unknown.errors![0].message).toBe(`"{{contact.lastName}}" in the body is not a variable: use ${VALID}.`);
    expect(unknown.errors![0].extensions?.field).toBe("body");
    const inTitle = await api.create({ title: "For {{customer.name}}", body: "ok" });
    expect(inTitle.errors![0].message).toBe(`"{{customer.name}}" in the title is not a variable: use ${VALID}.`);
    const unclosed = await api.create({ title: "Hi", body: "Hi {{contact.firstName" });
    expect(unclosed.errors![0].message).toBe(`The "{{" at character 4 of the body is never closed with "}}": the variables are ${VALID}.`);
    expect(await count(who)).toBe(0);

    const { data } = await api.create({ title: "Hi", body: "Hi" });
    const update = await api.update(data.createCannedReply.id, { body: "{{agent.lastName}}" });
    expect(update.errors![0].message).toMatch(/^"\{\{agent\.lastName\}\}" in the body is not a variable/);
    expect((await api.list())[0].body).toBe("Hi");

    const variables = await app.gql(`{ cannedReplyVariables }`, {}, who.token);
    expect(variables.data.cannedReplyVariables).toEqual(["contact.firstName", "agent.firstName", "account.name"]);
  });

  it("bounds the title (1–80) and the body (1–1,600 characters, trimmed), and refuses NUL", async () => {
    const { who, api } = await fresh("Sizes");
    const refusals: [Record<string, unknown>, string][] = [
      [{ title: "   ", body: "x" }, "Give the canned reply a title: it is empty."],
      [{ title: "t", body: " \n " }, "Write the canned reply's text: the body is empty."],
      [{ title: "t".repeat(81), body: "x" }, "The title has 81 characters; a canned reply's title holds at most 80."],
      [{ title: "t", body: "é".repeat(1601) }, "The body has 1601 characters; a canned reply's body holds at most 1600."],
      // Emoji are one character each, as an SMS counts them.
      [{ title: "t", body: "🙂".repeat(1601) }, "The body has 1601 characters; a canned reply's body holds at most 1600."],
    ];
    for (const [input, message] of refusals) {
      const res = await api.create(input);
      expect(codes(res), JSON.stringify(input).slice(0, 60)).toEqual(["BAD_USER_INPUT"]);
      expect(res.errors![0].message).toBe(message);
    }
    expect(codes(await api.create({ title: "a\u0000b", body: "x" }))).toEqual(["BAD_USER_INPUT"]);
    expect(await count(who)).toBe(0);
    const longest = await api.create({ title: ` ${"t".repeat(80)} `, body: `${"🙂".repeat(1600)}\n` });
    expect(longest.errors).toBeUndefined();
    expect([...longest.data.createCannedReply.body]).toHaveLength(1600);
  });

  it("refuses a malformed shortcut, and takes one without its slash", async () => {
    const { api } = await fresh("Shortcuts");
    for (const shortcut of ["/", "/a b", `/${"a".repeat(31)}`, "/é", "//later", "/la.ter"]) {
      const res = await api.create({ title: "t", body: "b", shortcut });
      expect(codes(res), shortcut).toEqual(["BAD_USER_INPUT"]);
      expect(res.errors![0].message).toMatch(/is not a shortcut: a slash, then 1 to 30 letters, digits, "-" or "_", like \/later\.$/);
    }
    expect((await api.create({ title: "t", body: "b", shortcut: `${"a".repeat(30)}` })).data.createCannedReply.shortcut).toBe(`/${"a".repeat(30)}`);
    // An empty shortcut is none.
    expect((await api.create({ title: "t", body: "b", shortcut: " " })).data.createCannedReply.shortcut).toBeNull();
  });

  it("keeps shortcuts unique per account: CONFLICT names the shortcut and its reply; other accounts may use it", async () => {
    const { who, api } = await fresh("Unique");
    const first = (await api.create({ title: "Later", body: "Later", shortcut: "/later" })).data.createCannedReply;
    const dup = await api.create({ title: "Later again", body: "x", shortcut: "/LATER" });
    expect(codes(dup)).toEqual(["CONFLICT"]);
    expect(dup.errors![0].message).toBe(
      'The shortcut /later is already taken by the canned reply "Later": choose another, or remove it from that reply first.',
    );
    expect(dup.errors![0].extensions?.field).toBe("shortcut");
    // Replies without a shortcut never collide.
    for (let i = 0; i < 3; i++) expect((await api.create({ title: `No shortcut ${i}`, body: "x" })).errors).toBeUndefined();
    // An update onto a shortcut in use is refused the same way, and changes nothing.
    const other = (await api.create({ title: "Other", body: "x", shortcut: "/other" })).data.createCannedReply;
    const moved = await api.update(other.id, { title: "Renamed", shortcut: "later" });
    expect(codes(moved)).toEqual(["CONFLICT"]);
    expect(moved.errors![0].message).toMatch(/^The shortcut \/later is already taken by the canned reply "Later":/);
    expect(await CannedReplyModel.findById(other.id).lean()).toMatchObject({ title: "Other", shortcut: "/other" });
    // Keeping its own shortcut is no conflict; a freed shortcut can be taken.
    expect((await api.update(first.id, { title: "Later!", shortcut: "/later" })).errors).toBeUndefined();
    await api.update(first.id, { shortcut: null });
    expect((await api.update(other.id, { shortcut: "/later" })).data.updateCannedReply.shortcut).toBe("/later");

    const elsewhere = await as(await createTenant("Elsewhere")).create({ title: "Mine", body: "x", shortcut: "/later" });
    expect(elsewhere.errors).toBeUndefined();
    expect(await count(who)).toBe(5);
  });

  it("gives a shortcut to one of five simultaneous creations", async () => {
    const { who, api } = await fresh("Race");
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => api.create({ title: `Racer ${i}`, body: "x", shortcut: "/race" })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.flatMap(codes).sort()).toEqual(["CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT"]);
    expect(await count(who)).toBe(1);
  });

  it(`keeps at most ${MAX_CANNED_REPLIES} per account: the next is refused until one is deleted`, async () => {
    const { who, api } = await fresh("Cap");
    await CannedReplyModel.insertMany(
      Array.from({ length: MAX_CANNED_REPLIES }, (_, i) => ({ account_id: who.accountId, title: `Reply ${String(i).padStart(3, "0")}`, body: "x" })),
    );
    const refused = await api.create({ title: "One too many", body: "x" });
    expect(codes(refused)).toEqual(["BAD_USER_INPUT"]);
    expect(refused.errors![0].message).toBe(
      `Your account has ${MAX_CANNED_REPLIES} canned replies, the most it can keep: delete one you no longer use first.`,
    );
    // Other accounts are not counted.
    expect((await api.list()).length).toBe(MAX_CANNED_REPLIES);
    expect((await as(tenant).create({ title: "Not capped", body: "x" })).errors).toBeUndefined();

    const [oldest] = await api.list();
    expect((await api.remove(oldest.id)).errors).toBeUndefined();
    expect((await api.create({ title: "Now it fits", body: "x" })).errors).toBeUndefined();
    expect(await count(who)).toBe(MAX_CANNED_REPLIES);
  });

  it("keeps each account to its own: another account's id is NOT_FOUND and nothing of it is listed", async () => {
    const { api } = await fresh("Owner");
    const mine = (await api.create({ title: "Mine", body: "x", shortcut: "/mine" })).data.createCannedReply;
    const intruder = as(await createTenant("Intruder"));
    expect(await intruder.list()).toEqual([]);
    expect(codes(await intruder.update(mine.id, { title: "taken" }))).toEqual(["NOT_FOUND"]);
    expect(codes(await intruder.remove(mine.id))).toEqual(["NOT_FOUND"]);
    expect(codes(await intruder.update(new Types.ObjectId().toHexString(), { title: "x" }))).toEqual(["NOT_FOUND"]);
    expect((await api.list())[0]).toEqual(mine);
  });

  it("lets an API key manage them too (written by nobody), and refuses anyone signed out", async () => {
    const byKey = await as(tenant, "apiKey").create({ title: "From a service", body: "x" });
    expect(byKey.errors).toBeUndefined();
    expect(byKey.data.createCannedReply.createdBy).toBeNull();
    expect(codes(await app.gql(LIST))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await app.gql(`{ cannedReplyVariables }`))).toEqual(["UNAUTHENTICATED"]);
  });

  it("seeds the demo's replies once, each valid, one of them /later with the three variables", async () => {
    const { who, api } = await fresh("Demo");
    expect(await seedDemoCannedReplies(who.accountId)).toBe(6);
    expect(await seedDemoCannedReplies(who.accountId)).toBe(0);
    const list = await api.list();
    expect(list).toHaveLength(6);
    expect(list.find((r) => r.shortcut === "/later")).toMatchObject({
      title: "Call back later, signed",
      variables: ["contact.firstName", "agent.firstName", "account.name"],
      createdBy: null,
    });
    expect(list.map((r) => r.body)).toContain("I'll call you back later");
  });
});
