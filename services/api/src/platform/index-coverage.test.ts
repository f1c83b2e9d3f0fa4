import "reflect-metadata";
import { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { encodeCursor, newestFirst } from "./connection.js";
import { checkQuery, checkRecorded, declaredIndexes, describeQuery, type DeclaredIndex, type RecordedQuery } from "./index-coverage.js";

const id = () => new Types.ObjectId();
const ID: DeclaredIndex = { key: { _id: 1 }, unique: true };
const ENTRIES: DeclaredIndex[] = [
  ID,
  { key: { account_id: 1, customer_id: 1, _id: -1 } },
  { key: { account_id: 1, _id: -1 } },
  { key: { message_sid: 1 }, unique: true, sparse: true },
];
const CONTACTS: DeclaredIndex[] = [ID, { key: { account_id: 1, last_activity_at: -1, _id: -1 } }, { key: { account_id: 1, name: 1 } }];

const q = (filter: Record<string, unknown>, sort?: Record<string, 1 | -1>, method = "find"): RecordedQuery => ({
  collection: "c",
  method,
  filter,
  sort,
});
const served = (indexes: DeclaredIndex[], query: RecordedQuery) => checkQuery(indexes, query).served;
const planOf = (indexes: DeclaredIndex[], query: RecordedQuery) => {
  const c = checkQuery(indexes, query);
  return c.served ? c.plan : `NOT SERVED: ${c.reason}`;
};
const reasonOf = (indexes: DeclaredIndex[], query: RecordedQuery) => {
  const c = checkQuery(indexes, query);
  return c.served ? `SERVED: ${c.plan}` : c.reason;
};

/** The filter connection.ts builds for the page after a cursor (keyset paging newest first). */
function keysetPage(extra: Record<string, unknown>[] = []) {
  const paging = newestFirst<{ _id: Types.ObjectId; last_activity_at: Date }>("contact", "last_activity_at");
  const cursor = encodeCursor("contact", [Date.now(), String(id())]);
  return { filter: { $and: [{ account_id: id() }, ...extra, paging.after(cursor)] }, sort: paging.sort as Record<string, 1 | -1> };
}

describe("index coverage: what MongoDB serves from an index", () => {
  it("serves a point lookup by _id, whatever else the filter checks", () => {
    expect(planOf(ENTRIES, q({ _id: id(), account_id: id(), _type: "CallEntry" }))).toBe("{_id: 1} = _id; residual account_id, _type");
  });

  it("serves a timeline page: equality on the prefix, then the sort key, bounded by the cursor's range", () => {
    const page = q({ account_id: id(), customer_id: id(), _id: { $lt: id() } }, { _id: -1 });
    expect(planOf(ENTRIES, page)).toBe("{account_id: 1, customer_id: 1, _id: -1} = account_id, customer_id; range _id; sort _id");
    // A kind filter is residual on the same scan.
    expect(planOf(ENTRIES, q({ account_id: id(), customer_id: id(), _type: { $in: ["SmsEntry", "NoteEntry"] } }, { _id: -1 }))).toBe(
      "{account_id: 1, customer_id: 1, _id: -1} = account_id, customer_id; sort _id; residual _type",
    );
  });

  it("serves a sort whose directions are all the index's reversed (a backward scan)", () => {
    expect(planOf(CONTACTS, q({ account_id: id() }, { last_activity_at: 1, _id: 1 }))).toBe(
      "{account_id: 1, last_activity_at: -1, _id: -1} = account_id; sort last_activity_at, _id (scanned backwards)",
    );
  });

  it("ignores sort fields an equality fixes to one value", () => {
    expect(served(ENTRIES, q({ account_id: id(), customer_id: id() }, { customer_id: 1, _id: -1 }))).toBe(true);
    expect(served(ENTRIES, q({ _id: id() }, { _id: -1 }))).toBe(true);
  });

  it("serves connection.ts's keyset page as two range scans merged in sort order", () => {
    const { filter, sort } = keysetPage([{ last_message: { $exists: true } }]);
    expect(planOf(CONTACTS, { collection: "contacts", method: "find", filter, sort, limit: 21 })).toBe(
      "$or of 2 scans merged in sort order: " +
        "[{account_id: 1, last_activity_at: -1, _id: -1} = account_id; range last_activity_at; sort last_activity_at, _id; residual last_message $exists: true] " +
        "[{account_id: 1, last_activity_at: -1, _id: -1} = account_id, last_activity_at; range _id; sort _id; residual last_message $exists: true]",
    );
  });

  it("indexes one $or of a conjunction branch by branch and leaves the others residual (a search, paged)", () => {
    const search = { $or: [{ name: { $regex: "ann", $options: "i" } }, { email: { $regex: "ann", $options: "i" } }] };
    const { filter, sort } = keysetPage([search]);
    expect(planOf(CONTACTS, q(filter, sort))).toBe(
      "$or of 2 scans merged in sort order: " +
        "[{account_id: 1, last_activity_at: -1, _id: -1} = account_id; range last_activity_at; sort last_activity_at, _id; residual $or(name, email)] " +
        "[{account_id: 1, last_activity_at: -1, _id: -1} = account_id, last_activity_at; range _id; sort _id; residual $or(name, email)]",
    );
  });

  it("serves several values of $in: as equality, and keeps a sort by merging one scan per value (up to 200)", () => {
    const indexes = [ID, { key: { account_id: 1, created_at: -1 } }];
    expect(served(indexes, q({ _id: { $in: [id(), id(), id()] }, account_id: id() }))).toBe(true);
    expect(planOf(indexes, q({ account_id: { $in: [id(), id()] } }, { created_at: -1 }))).toBe(
      "{account_id: 1, created_at: -1} = account_id; sort created_at (2 scans merged)",
    );
    const many = Array.from({ length: 201 }, id);
    expect(reasonOf(indexes, q({ account_id: { $in: many } }, { created_at: -1 }))).toMatch(/merge 201 scans/);
  });

  it("serves a unique lookup, a null equality and an indexed $or branch by branch", () => {
    const sessions = [ID, { key: { agent_id: 1, revoked_at: 1 } }];
    expect(served(sessions, q({ agent_id: id(), account_id: id(), revoked_at: null }, undefined, "updateMany"))).toBe(true);
    const dayAgo = new Date();
    const prune = q({ agent_id: id(), $or: [{ expires_at: { $lt: dayAgo } }, { revoked_at: { $lt: dayAgo } }] }, undefined, "deleteMany");
    expect(planOf(sessions, prune)).toBe("{agent_id: 1, revoked_at: 1} = agent_id; residual $or(expires_at, revoked_at)");
    // Nothing outside the $or: each branch needs an index of its own.
    expect(planOf(sessions, q({ $or: [{ agent_id: id() }, { _id: id() }] }))).toBe(
      "$or of 2 scans merged in sort order: [{agent_id: 1, revoked_at: 1} = agent_id] [{_id: 1} = _id]",
    );
  });

  it("serves a sparse index only when the filter excludes documents lacking its field", () => {
    expect(planOf(ENTRIES, q({ message_sid: "SM1", _type: "SmsEntry" }, undefined, "findOne"))).toBe(
      "{message_sid: 1} = message_sid; residual _type",
    );
    expect(reasonOf(ENTRIES, q({ message_sid: null }, undefined, "findOne"))).toMatch(
      /\{message_sid: 1\}: it is sparse, and the filter does not exclude documents lacking message_sid/,
    );
    expect(served(ENTRIES, q({ message_sid: { $in: ["SM1", null] } }))).toBe(false);
  });

  it("serves a partial index only when the filter implies its expression", () => {
    const indexes = [ID, { key: { account_id: 1, status: 1 }, partialFilterExpression: { kind: "sms" } }];
    expect(served(indexes, q({ account_id: id(), status: "failed", kind: "sms" }))).toBe(true);
    expect(reasonOf(indexes, q({ account_id: id(), status: "failed" }))).toMatch(/it is partial, and the filter does not imply \{"kind":"sms"\}/);
    expect(served(indexes, q({ account_id: id(), status: "failed", kind: "call" }))).toBe(false);
  });

  it("serves a range on the first key alone, not one that leaves a residual to check on the whole index", () => {
    const locks = [ID, { key: { expires_at: 1 } }];
    expect(served(locks, q({ expires_at: { $lt: new Date() } }, undefined, "deleteMany"))).toBe(true);
    // An $or left residual counts too.
    expect(served(ENTRIES, q({ _id: { $lt: id() }, $or: [{ account_id: id() }, { account_id: id() }] }, { _id: -1 }))).toBe(true);
    expect(reasonOf([ID], q({ _id: { $lt: id() }, $or: [{ account_id: id() }, { customer_id: id() }] }, { _id: -1 }))).toMatch(
      /only a range bounds its first key _id, so the residual \$or\(account_id, customer_id\) could be checked on all of it/,
    );
    expect(reasonOf([ID], q({ _id: { $lt: id() }, customer_id: id() }, { _id: -1 }))).toMatch(
      /\{_id: 1\}: only a range bounds its first key _id, so the residual customer_id could be checked on all of it/,
    );
    // Of the indexes that cannot serve it, the closest is the one naming most of the query's fields.
    expect(reasonOf(ENTRIES, q({ _id: { $lt: id() }, customer_id: id() }, { _id: -1 }))).toMatch(
      /the closest, \{account_id: 1, customer_id: 1, _id: -1\}: its first key account_id is unconstrained/,
    );
  });
});

describe("index coverage: what it refuses", () => {
  it("refuses a filter that leaves the index's first key unconstrained (a scan), naming the closest index", () => {
    expect(reasonOf(ENTRIES, { collection: "entries", method: "find", filter: { customer_id: id() }, sort: { _id: -1 }, limit: 21 })).toBe(
      "entries: find {customer_id: <id>} sort {_id: -1} limit 21 is served by no declared index; " +
        "the closest, {account_id: 1, customer_id: 1, _id: -1}: its first key account_id is unconstrained, so MongoDB would read all of it.",
    );
  });

  it("refuses an empty filter, and one whose only predicates are residual ($ne, $regex, $exists)", () => {
    expect(served(ENTRIES, q({}, { _id: -1 }))).toBe(false);
    expect(served(CONTACTS, q({ account_id: { $ne: id() } }))).toBe(false);
    expect(served(CONTACTS, q({ account_id: { $exists: true } }))).toBe(false);
    expect(served(CONTACTS, q({ name: /ann/i }))).toBe(false);
  });

  it("refuses a sort the index cannot give after the equality prefix (MongoDB would sort in memory)", () => {
    expect(reasonOf(CONTACTS, q({ account_id: id() }, { created_at: -1 }))).toMatch(
      /the closest, \{account_id: 1, last_activity_at: -1, _id: -1\}: the sort on created_at cannot follow the index \(created_at is not one of its keys\)/,
    );
    // The key between the equality and the sort is unconstrained.
    expect(reasonOf(ENTRIES, q({ account_id: id() }, { customer_id: 1, created_at: -1 }))).toMatch(/served by no declared index/);
    expect(reasonOf([ID, { key: { a: 1, b: 1, c: 1 } }], q({ a: 1 }, { c: 1 }))).toMatch(
      /c is not its next key after the equality prefix \(a\): b \(unconstrained\) comes first\), so MongoDB would sort in memory/,
    );
  });

  it("refuses a sort mixing the index's directions and their reverse", () => {
    expect(reasonOf(CONTACTS, q({ account_id: id() }, { last_activity_at: -1, _id: 1 }))).toMatch(
      /the sort \{last_activity_at: -1, _id: 1\} mixes its directions and their reverse/,
    );
  });

  it("refuses a sort after a range on an earlier key", () => {
    expect(served(CONTACTS, q({ account_id: id(), last_activity_at: { $gt: new Date() } }, { _id: -1 }))).toBe(false);
  });

  it("refuses an $or with a branch no index serves", () => {
    expect(reasonOf(CONTACTS, q({ $or: [{ account_id: id() }, { name: "Ann" }] }))).toMatch(/served by no declared index/);
    // The keyset $or over an index lacking the paged field: neither branch keeps the sort.
    const { filter, sort } = keysetPage();
    expect(served([ID, { key: { account_id: 1, name: 1 } }], q(filter, sort))).toBe(false);
  });

  it("refuses operators it cannot judge, methods it cannot read and collections no model declares", () => {
    expect(reasonOf(CONTACTS, q({ $text: { $search: "ann" } }))).toMatch(/uses the operator \$text/);
    const indexes = new Map([["contacts", CONTACTS]]);
    expect(checkRecorded(indexes, { collection: "contacts", method: "bulkWrite" })).toEqual({
      served: false,
      reason: "contacts: bulkWrite is a method the checker cannot read; teach it.",
    });
    expect(checkRecorded(indexes, { collection: "other", method: "find", filter: { _id: id() } }).served).toBe(false);
    expect(checkRecorded(indexes, { collection: "contacts", method: "insertOne" }).served).toBe(true);
  });
});

describe("declared indexes", () => {
  const model = (collectionName: string, indexes: unknown[]) => ({ collection: { collectionName }, schema: { indexes: () => indexes } });

  it("adds the implicit {_id: 1} and merges the models of one collection, once each", () => {
    const byCollection = declaredIndexes([
      model("contacts", [[{ account_id: 1, name: 1 }, { background: true }]]),
      model("contacts", [[{ account_id: 1, name: 1 }, {}], [{ account_id: 1, last_activity_at: -1, _id: -1 }]]),
      model("entries", [[{ message_sid: 1 }, { unique: true, sparse: true }]]),
    ]);
    expect(byCollection.get("contacts")!.map((i) => i.key)).toEqual([
      { _id: 1 },
      { account_id: 1, name: 1 },
      { account_id: 1, last_activity_at: -1, _id: -1 },
    ]);
    expect(byCollection.get("entries")).toEqual([
      { key: { _id: 1 }, unique: true },
      { key: { message_sid: 1 }, unique: true, sparse: true },
    ]);
  });

  it("describes a query by its shape, not its values", () => {
    const ids = [id(), id(), id()];
    expect(
      describeQuery({
        collection: "c",
        method: "find",
        filter: { _id: { $in: ids }, account_id: id(), name: "x", n: 2 },
        sort: { _id: -1 },
        limit: 3,
      }),
    ).toBe("find {_id: {$in: [<id> ×3]}, account_id: <id>, name: <string>, n: <number>} sort {_id: -1} limit 3");
  });
});
