import mongoose from "mongoose";

/**
 * Whether MongoDB can serve a query from one declared index, decided from the query's shape alone.
 *
 * Why: CI runs FerretDB v1, which uses no index and sorts in memory, so timing a query there proves nothing. In
 * production MongoDB serves a query from an index if and only if its shape fits one; the tests record every query a
 * hot path issues (recordQueries) and check each against the indexes the models declare (checkQuery).
 *
 * The rules, MongoDB's own, kept simple:
 *  - Equality — a value, `$eq`, `$in` — on a prefix of the index's keys. `null` is equality too (it also matches
 *    documents lacking the field). An `$in` of several values counts as equality for the prefix; when the sort follows
 *    it, MongoDB merges one sorted scan per value ("explode for sort"), allowed up to 200 values in all.
 *  - The sort, without the fields an equality fixes to one value, must be the index's next keys in order, with every
 *    direction as in the index or every one reversed. A range or an unconstrained key before the sort breaks it:
 *    MongoDB would sort in memory.
 *  - Ranges (`$gt`, `$gte`, `$lt`, `$lte`) bound the scan on a key. `$ne`, `$nin`, `$not`, `$regex`, `$exists` and
 *    fields the index lacks are residual: checked on each document the scan reads, never narrowing it.
 *  - The index's first key must be bounded: by an equality, or by a range only when nothing in the filter is residual
 *    (otherwise an open range could read the whole index to check the residual). An unbounded first key reads it all.
 *  - A sparse index serves only a filter that excludes documents lacking its field (an equality on a value is enough);
 *    a partial index only a filter that implies its partialFilterExpression (equalities and `$exists: true`).
 *  - `$and` is flattened. For an `$or`, either it stays residual (the rest of the filter chooses the index) or each of
 *    its branches, with the rest of the filter, is served on its own and the scans are merged in sort order (MongoDB's
 *    OR plan); the tighter plan is reported. Keyset paging's `{$or: [{f: {$lt: x}}, {f: x, _id: {$lt: y}}]}`
 *    (connection.ts) is such an `$or`: both branches range-scan {…, f, _id}.
 *  - Text, geo and hashed indexes are not judged (none is declared); `$text`, `$where`, `$expr`, `$nor` are refused.
 */

type Direction = 1 | -1;

export interface DeclaredIndex {
  key: Record<string, unknown>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Record<string, unknown>;
}

/** One operation as a collection received it. */
export interface RecordedQuery {
  collection: string;
  method: string;
  filter?: Record<string, unknown>;
  sort?: Record<string, Direction>;
  projection?: Record<string, unknown>;
  limit?: number;
}

export type Coverage = { served: true; plan: string } | { served: false; reason: string };

/** Writes and commands that read nothing by a filter: nothing to judge. */
const NO_FILTER = new Set(["insertOne", "insertMany", "createIndex", "createIndexes", "listIndexes", "dropIndex", "dropIndexes", "drop"]);

/** At most this many point scans are merged to keep a sort (MongoDB's internalQueryMaxScansToExplode). */
const MAX_SCANS_TO_EXPLODE = 200;

// ── Declared indexes ──────────────────────────────────────────────────────────────────────────────────────────────

interface IndexedModelLike {
  collection: { collectionName: string };
  schema: { indexes(): unknown[] };
}

/**
 * Every collection's declared indexes: each model's `schema.indexes()` (models of one collection — discriminators,
 * two views of one document — add up), plus the implicit unique `{_id: 1}`.
 */
export function declaredIndexes(models: readonly IndexedModelLike[]): Map<string, DeclaredIndex[]> {
  const byCollection = new Map<string, DeclaredIndex[]>();
  for (const model of models) {
    const name = model.collection.collectionName;
    const list = byCollection.get(name) ?? [{ key: { _id: 1 }, unique: true }];
    for (const entry of model.schema.indexes()) {
      const [key, options = {}] = entry as [Record<string, unknown>, Record<string, unknown>?];
      const index: DeclaredIndex = {
        key,
        unique: !!options.unique,
        sparse: !!options.sparse,
        ...(options.partialFilterExpression ? { partialFilterExpression: options.partialFilterExpression as Record<string, unknown> } : {}),
      };
      if (!list.some((i) => sameIndex(i, index))) list.push(index);
    }
    byCollection.set(name, list);
  }
  return byCollection;
}

const sameIndex = (a: DeclaredIndex, b: DeclaredIndex) =>
  JSON.stringify([a.key, !!a.sparse, a.partialFilterExpression]) === JSON.stringify([b.key, !!b.sparse, b.partialFilterExpression]);

// ── The filter, as predicates per field ───────────────────────────────────────────────────────────────────────────

interface Predicate {
  /** The values an equality allows (one for `x` or `$eq`, several for `$in`), or undefined. */
  points?: unknown[];
  /** Bounded by `$gt`/`$gte`/`$lt`/`$lte`. */
  range: boolean;
  /** Operators checked on each document (`$ne`, `$regex`, ...). */
  residual: string[];
  /** The predicate matches no document lacking the field. */
  excludesMissing: boolean;
}

interface Conjunction {
  fields: Map<string, Predicate>;
  /** The `$or`s an index may serve branch by branch. */
  ors: Record<string, unknown>[][];
  /** The `$or`s left residual because another one is indexed (MongoDB indexes one `$or` of a conjunction). */
  residualOrs: Record<string, unknown>[][];
}

class Unsupported extends Error {}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
  isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith("$"));

const RANGE = new Set(["$gt", "$gte", "$lt", "$lte"]);
/** Residual operators that still match nothing lacking the field (enough for a sparse index). */
const EXCLUDING = new Set(["$regex", "$type", "$elemMatch", "$all", "$size", "$mod"]);

function predicateOf(value: unknown): Predicate {
  const p: Predicate = { range: false, residual: [], excludesMissing: false };
  if (value instanceof RegExp) return { ...p, residual: ["$regex"], excludesMissing: true };
  if (!isOperatorObject(value)) return { ...p, points: [value], excludesMissing: value !== null && value !== undefined };
  for (const [op, arg] of Object.entries(value)) {
    if (op === "$eq") {
      p.points = [arg];
      p.excludesMissing ||= arg !== null && arg !== undefined;
    } else if (op === "$in" && Array.isArray(arg)) {
      p.points = arg;
      p.excludesMissing ||= !arg.some((v) => v === null || v === undefined);
    } else if (RANGE.has(op)) {
      p.range = true;
      p.excludesMissing ||= arg !== null;
    } else if (op === "$exists") {
      p.residual.push(`$exists: ${String(arg)}`);
      p.excludesMissing ||= !!arg;
    } else if (op !== "$options") {
      p.residual.push(op);
      p.excludesMissing ||= EXCLUDING.has(op) || (op === "$ne" && arg === null);
    }
  }
  return p;
}

function merge(a: Predicate | undefined, b: Predicate): Predicate {
  if (!a) return b;
  const points = a.points && b.points ? a.points.filter((v) => b.points!.some((w) => sameValue(v, w))) : (a.points ?? b.points);
  return { points, range: a.range || b.range, residual: [...a.residual, ...b.residual], excludesMissing: a.excludesMissing || b.excludesMissing };
}

const sameValue = (a: unknown, b: unknown) => a === b || (a !== null && b !== null && typeof a === "object" && String(a) === String(b));

function conjunction(filter: Record<string, unknown>, into: Conjunction = { fields: new Map(), ors: [], residualOrs: [] }): Conjunction {
  for (const [key, value] of Object.entries(filter)) {
    if (key === "$and" && Array.isArray(value)) for (const part of value) conjunction(part as Record<string, unknown>, into);
    else if (key === "$or" && Array.isArray(value)) into.ors.push(value as Record<string, unknown>[]);
    else if (key === "$comment") continue;
    else if (key.startsWith("$")) throw new Unsupported(`the operator ${key} (the checker cannot judge it; MongoDB would scan)`);
    else into.fields.set(key, merge(into.fields.get(key), predicateOf(value)));
  }
  return into;
}

/** One branch of an indexed `$or` with the rest of the filter; the conjunction's other `$or`s stay residual. */
function withBranch(base: Conjunction, branch: Record<string, unknown>, indexed: Record<string, unknown>[]): Conjunction {
  const copy: Conjunction = { fields: new Map(base.fields), ors: [], residualOrs: [...base.residualOrs, ...base.ors.filter((o) => o !== indexed)] };
  return conjunction(branch, copy);
}

// ── One index against one conjunction ─────────────────────────────────────────────────────────────────────────────

interface Plan {
  served: boolean;
  /**
   * How tight the scan is, compared in order: a unique index fully matched by equality (one document), the equality
   * keys, a bounded range, the sort keys kept.
   */
  rank: number[];
  /** How many of the index's keys the query names: of indexes that cannot serve it, the closest names most. */
  named: number;
  text: string;
}

const compareRanks = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

const fmtKey = (key: Record<string, unknown>) =>
  `{${Object.entries(key)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(", ")}}`;

function planFor(index: DeclaredIndex, fields: Map<string, Predicate>, sort: [string, Direction][], residualOrs: string[] = []): Plan {
  const keys = Object.entries(index.key);
  const name = fmtKey(index.key);
  const named = keys.filter(([k]) => fields.has(k) || sort.some(([f]) => f === k)).length;
  const fail = (rank: number[], why: string): Plan => ({ served: false, rank, named, text: `${name}: ${why}` });
  if (keys.some(([, d]) => d !== 1 && d !== -1)) return fail([-1], "not a b-tree index, which the checker does not judge");

  const eq: string[] = [];
  for (const [k] of keys) {
    if (fields.get(k)?.points) eq.push(k);
    else break;
  }
  const next = keys[eq.length]?.[0];
  const ranged = next !== undefined && !!fields.get(next)?.range;
  const point = !!index.unique && keys.every(([k]) => fields.get(k)?.points?.length === 1);
  const rank = [point ? 1 : 0, eq.length, ranged ? 1 : 0];

  if (index.sparse && !keys.some(([k]) => fields.get(k)?.excludesMissing)) {
    return fail(rank, `it is sparse, and the filter does not exclude documents lacking ${keys.map(([k]) => k).join(", ")}`);
  }
  if (index.partialFilterExpression && !implies(fields, index.partialFilterExpression)) {
    return fail(rank, `it is partial, and the filter does not imply ${JSON.stringify(index.partialFilterExpression)}`);
  }
  const residual = [...fields.entries()]
    .filter(([f, p]) => index.key[f] === undefined || !(p.points || p.range) || p.residual.length)
    .map(([f, p]) => (p.residual.length ? `${f} ${p.residual.join(" ")}` : f))
    .concat(residualOrs);
  const lead = keys[0][0];
  if (!eq.length && !ranged) return fail(rank, `its first key ${lead} is unconstrained, so MongoDB would read all of it`);
  if (!eq.length && residual.length) {
    return fail(rank, `only a range bounds its first key ${lead}, so the residual ${residual.join(", ")} could be checked on all of it`);
  }

  // The sort: what equality does not fix must be the next keys, all in the index's direction or all reversed.
  const wanted = sort.filter(([f]) => fields.get(f)?.points?.length !== 1);
  let matched = 0;
  let direction: number | undefined;
  let scans = 1;
  let sortWhy = "";
  for (const [k, d] of keys) {
    if (matched === wanted.length) break;
    if (k === wanted[matched][0]) {
      const rel = (d as number) * wanted[matched][1];
      if (direction !== undefined && rel !== direction) {
        const on = wanted.map(([f, dir]) => `${f}: ${dir}`).join(", ");
        return fail([...rank, matched], `the sort {${on}} mixes its directions and their reverse, so MongoDB would sort in memory`);
      }
      direction = rel;
      matched++;
      continue;
    }
    const p = fields.get(k);
    if (p?.points?.length === 1) continue;
    if (p?.points && matched === 0) {
      scans *= p.points.length;
      continue;
    }
    sortWhy = `${k} (${p ? "a range or residual" : "unconstrained"}) comes first`;
    break;
  }
  if (matched < wanted.length) {
    const field = wanted[matched][0];
    const after = eq.length ? `the equality prefix (${eq.join(", ")})` : "the start of the index";
    const why = index.key[field] === undefined ? `${field} is not one of its keys` : `${field} is not its next key after ${after}: ${sortWhy}`;
    return fail([...rank, matched], `the sort on ${field} cannot follow the index (${why}), so MongoDB would sort in memory`);
  }
  if (wanted.length && scans > MAX_SCANS_TO_EXPLODE) {
    return fail(rank, `keeping the sort would merge ${scans} scans (the $in values), more than MongoDB's ${MAX_SCANS_TO_EXPLODE}`);
  }

  const parts = [
    eq.length ? `= ${eq.join(", ")}` : "",
    ranged ? `range ${next}` : "",
    wanted.length
      ? `sort ${wanted.map(([f]) => f).join(", ")}${direction === -1 ? " (scanned backwards)" : ""}${scans > 1 ? ` (${scans} scans merged)` : ""}`
      : "",
    residual.length ? `residual ${residual.join(", ")}` : "",
  ].filter(Boolean);
  return { served: true, rank: [...rank, matched], named, text: `${name} ${parts.join("; ")}` };
}

function implies(fields: Map<string, Predicate>, expression: Record<string, unknown>): boolean {
  return Object.entries(expression).every(([f, want]) => {
    const p = fields.get(f);
    if (!p) return false;
    if (isPlainObject(want) && Object.keys(want).length === 1 && want.$exists === true) return p.excludesMissing;
    if (isOperatorObject(want)) return false;
    return p.points?.length === 1 && sameValue(p.points[0], want);
  });
}

function bestPlan(indexes: readonly DeclaredIndex[], c: Conjunction, sort: [string, Direction][]): Plan {
  const orsLeft = [...c.ors, ...c.residualOrs].map((branches) => `$or(${[...new Set(branches.flatMap((b) => Object.keys(b)))].join(", ")})`);
  const candidates: Plan[] = indexes.map((index) => planFor(index, c.fields, sort, orsLeft));
  // Each $or may be indexed branch by branch (the others stay residual).
  for (const branches of c.ors) {
    const plans = branches.map((b) => bestPlan(indexes, withBranch(c, b, branches), sort));
    const served = plans.every((p) => p.served);
    candidates.push({
      served,
      rank: plans.map((p) => p.rank).reduce((a, b) => (compareRanks(a, b) <= 0 ? a : b)),
      named: Math.min(...plans.map((p) => p.named)),
      text: served
        ? `$or of ${plans.length} scans merged in sort order: ${plans.map((p) => `[${p.text}]`).join(" ")}`
        : `$or branch by branch: ${plans.find((p) => !p.served)!.text}`,
    });
  }
  const served = candidates.filter((p) => p.served);
  if (served.length) return served.reduce((a, b) => (compareRanks(b.rank, a.rank) > 0 ? b : a));
  const closeness = (p: Plan) => [p.named, ...p.rank];
  return candidates.reduce((a, b) => (compareRanks(closeness(b), closeness(a)) > 0 ? b : a));
}

// ── The verdict ───────────────────────────────────────────────────────────────────────────────────────────────────

const sortEntries = (sort: RecordedQuery["sort"]): [string, Direction][] => Object.entries(sort ?? {}).map(([f, d]) => [f, Number(d) < 0 ? -1 : 1]);

/** Whether MongoDB can serve `query` from one of `indexes` (its collection's), and by which plan or why not. */
export function checkQuery(indexes: readonly DeclaredIndex[], query: RecordedQuery): Coverage {
  if (NO_FILTER.has(query.method)) return { served: true, plan: "no filter to serve" };
  const sort = sortEntries(query.sort);
  let plan: Plan;
  try {
    plan = bestPlan(indexes, conjunction(query.filter ?? {}), sort);
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    return { served: false, reason: `${query.collection}: ${describeQuery(query)} uses ${err.message}.` };
  }
  if (plan.served) return { served: true, plan: plan.text };
  return {
    served: false,
    reason: `${query.collection}: ${describeQuery(query)} is served by no declared index${indexes.length ? `; the closest, ${plan.text}` : " (it declares none)"}.`,
  };
}

// ── Describing a query by its shape ──────────────────────────────────────────────────────────────────────────────

function shape(value: unknown): string {
  if (Array.isArray(value)) {
    const items = value.map(shape);
    return items.length > 1 && items.every((i) => i === items[0]) ? `[${items[0]} ×${items.length}]` : `[${items.join(", ")}]`;
  }
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${shape(v)}`)
      .join(", ")}}`;
  }
  if (value === null || value === undefined) return String(value);
  if (value instanceof Date) return "<date>";
  if (value instanceof RegExp) return "<regex>";
  if (value instanceof mongoose.Types.ObjectId) return "<id>";
  return typeof value === "string" && value.length > 0 ? "<string>" : typeof value === "object" ? "<value>" : `<${typeof value}>`;
}

/** `find {account_id: <id>, _id: {$lt: <id>}} sort {_id: -1} limit 21`: the query by its shape, without its values. */
export function describeQuery(q: RecordedQuery): string {
  const parts = [q.method, shape(q.filter ?? {})];
  if (q.sort && Object.keys(q.sort).length) parts.push(`sort ${fmtKey(q.sort)}`);
  if (q.limit) parts.push(`limit ${q.limit}`);
  return parts.join(" ");
}

// ── Recording what a piece of code asks MongoDB ──────────────────────────────────────────────────────────────────

type Args = unknown[];
const asObject = (v: unknown) => (isPlainObject(v) ? v : undefined);

function toSort(v: unknown): Record<string, Direction> | undefined {
  if (Array.isArray(v)) return Object.fromEntries(v.map((pair) => [String((pair as unknown[])[0]), Number((pair as unknown[])[1]) < 0 ? -1 : 1]));
  const o = asObject(v);
  return o ? Object.fromEntries(Object.entries(o).map(([f, d]) => [f, Number(d) < 0 || d === "desc" || d === "descending" ? -1 : 1])) : undefined;
}

/** A mongoose collection call (method and arguments) as a RecordedQuery. */
function toQuery(collection: string, method: string, args: Args): RecordedQuery {
  const options = (i: number) => asObject(args[i]) ?? {};
  switch (method) {
    case "find":
    case "findOne":
    case "countDocuments":
    case "deleteOne":
    case "deleteMany":
    case "findOneAndDelete": {
      const o = options(1);
      return {
        collection,
        method,
        filter: asObject(args[0]) ?? {},
        sort: toSort(o.sort),
        projection: asObject(o.projection),
        limit: typeof o.limit === "number" ? o.limit : method === "findOne" ? 1 : undefined,
      };
    }
    case "updateOne":
    case "updateMany":
    case "replaceOne":
    case "findOneAndUpdate":
    case "findOneAndReplace":
      return { collection, method, filter: asObject(args[0]) ?? {}, sort: toSort(options(2).sort) };
    case "distinct":
      return { collection, method, filter: asObject(args[1]) ?? {} };
    case "aggregate": {
      // What an index can serve: a leading $match, then a $sort.
      const stages = (Array.isArray(args[0]) ? args[0] : []) as Record<string, unknown>[];
      const match = stages[0]?.$match;
      const sortStage = stages[match ? 1 : 0]?.$sort;
      return { collection, method, filter: asObject(match) ?? {}, sort: toSort(sortStage) };
    }
    default:
      return { collection, method };
  }
}

/** Methods toQuery reads the filter of; any other method that reads by a filter is refused as unknown. */
const KNOWN = new Set([
  ...NO_FILTER,
  "find",
  "findOne",
  "countDocuments",
  "deleteOne",
  "deleteMany",
  "findOneAndDelete",
  "updateOne",
  "updateMany",
  "replaceOne",
  "findOneAndUpdate",
  "findOneAndReplace",
  "distinct",
  "aggregate",
]);

/** checkQuery, refusing methods the recorder does not know how to read (bulkWrite, ...). */
export function checkRecorded(indexes: ReadonlyMap<string, readonly DeclaredIndex[]>, query: RecordedQuery): Coverage {
  if (!KNOWN.has(query.method))
    return { served: false, reason: `${query.collection}: ${query.method} is a method the checker cannot read; teach it.` };
  const declared = indexes.get(query.collection);
  if (!declared) return { served: false, reason: `${query.collection}: ${describeQuery(query)} is on a collection no model declares.` };
  return checkQuery(declared, query);
}

/**
 * Records every operation mongoose sends (its `debug` hook sees each collection call, with its filter and options,
 * whatever the model or method) until `stop()`, which restores the previous hook and returns what was recorded.
 */
export function recordQueries(): { queries: RecordedQuery[]; stop(): RecordedQuery[] } {
  const previous = mongoose.get("debug");
  const queries: RecordedQuery[] = [];
  mongoose.set("debug", (collection: string, method: string, ...args: Args) => void queries.push(toQuery(collection, method, args)));
  return {
    queries,
    stop() {
      mongoose.set("debug", previous);
      return queries;
    },
  };
}
