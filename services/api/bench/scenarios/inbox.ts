/**
 * inbox: the team inbox's hot queries stay O(page) as an account grows. The first page (30) of four inbox tabs — All
 * {status: [OPEN, PENDING]}, Unassigned {assignee: UNASSIGNED, status: [OPEN]}, one agent's open {agentId, status:
 * [OPEN]}, Resolved {status: [RESOLVED]} — and conversationCounts, as GraphQL POSTs from the load generator (one at a
 * time, with an API key), on an account of 1,000 contacts with a conversation, then the same account grown to 100,000
 * (BENCH_INBOX_SIZES). Measured at each size: the API's database round trips per operation (goal: equal) and its CPU
 * time per operation, median (goal: ≤ 1.5× the smallest size's) — process.cpuUsage() less what it spent while one of
 * the driver's commands was in flight (timers, the driver's copies for the monitoring events: FerretDB answers a page
 * at 100,000 in seconds) and less the main thread's garbage-collection pauses outside those waits (perf_hooks).
 *
 * A process idle for seconds pays for it in its next operation (cold caches, a slower clock, V8's idle-time
 * collections): an operation that waits seconds on FerretDB costs more CPU at any size. So the smallest size is also
 * measured with a pause of BENCH_INBOX_PAUSE_MS (2 s) before each operation, and where the largest size's operations
 * take at least that long, they are compared with that arm: as idle, only the data differs.
 *
 * Next to them, the database's own time: the commands the API sent on `contacts` (captured from the driver: the same
 * filter, sort and limit 31) sent again through the raw driver, both timed by the driver. FerretDB v1 uses no index
 * and sorts in memory, so both grow with the collection there: flat database times need MongoDB, and the index serving
 * each query is proven by src/app/query-shapes.test.ts, not here.
 *
 * Contacts are stored with insertMany as the app stores them (the contact and its conversation state on one document;
 * no contact_phone_numbers claims, which the inbox does not read): 20 % open (half unassigned), 10 % pending, 65 %
 * resolved, 5 % snoozed, most of those assigned among three agents. At each size, after a warm-up, the kinds run in
 * turn (the machine's load drifts: it weighs on each alike), each with its raw replay every other round (once in 3),
 * for a quarter of BENCH_SECONDS per kind: at most 50 rounds, at least BENCH_INBOX_MIN_OPS (3: FerretDB takes seconds
 * a query at 100,000). The replica's periodic jobs run once an hour, so that none lands in a measured operation.
 */
import { randomBytes } from "node:crypto";
import v8 from "node:v8";
import { PerformanceObserver, performance } from "node:perf_hooks";
import vm from "node:vm";
import mongoose from "mongoose";
import { MODELS } from "../../src/app/models.js";
import { createAgent } from "../../src/auth/auth.service.js";
import { declaredIndexes } from "../../src/platform/index-coverage.js";
import { createTenant, openBenchDatabase, startReplica, type BenchDatabase, type Replica } from "../shared/app.js";
import { baselineSeconds, warmupSeconds, type BenchContext } from "../shared/context.js";
import type { GraphqlResult } from "../shared/protocol.js";
import { fmt, type Row, type ScenarioResult } from "../shared/report.js";
import { countRoundTrips, perEvent, type RoundTrips } from "../shared/round-trips.js";
import { cpuMsSince, monotonicMs, round, sleep, summarize, type Summary } from "../shared/stats.js";

const PAGE = `query($filter: ConversationFilter) { conversations(first: 30, filter: $filter) {
  edges { node { id name unreadCount status lastMessage { at direction preview } assignee { id name } } } pageInfo { hasNextPage endCursor } } }`;
const COUNTS = "{ conversationCounts { unassigned open pending snoozed resolved } }";
const PAGE_SIZE = 30;

const BATCH = 5000;
const MAX_OPS = 50;
const MIN_OPS = Number(process.env.BENCH_INBOX_MIN_OPS ?? 3);
/** The smallest size's idle arm: this long without a request before each operation. */
const PAUSE_MS = Number(process.env.BENCH_INBOX_PAUSE_MS ?? 2000);
const AGENTS = 3;
/** Not the request's work: the API key's last-used write (once a minute, not awaited) and the presence sweep. */
const BACKGROUND = new Set(["update api_keys", "delete agent_presence", "update agent_presence"]);

function inboxSizes(): number[] {
  const sizes = (process.env.BENCH_INBOX_SIZES ?? "1000,100000").split(",").map((s) => Number(s.trim()));
  if (!Number.isInteger(MIN_OPS) || MIN_OPS < 2) throw new Error("BENCH_INBOX_MIN_OPS: 2 or more (the raw replays run every other round)");
  if (sizes.length < 2 || sizes.some((n, i) => !Number.isInteger(n) || n < 1000 || (i > 0 && n <= sizes[i - 1])))
    throw new Error("BENCH_INBOX_SIZES: two or more increasing sizes of at least 1000 contacts (every tab's first page full)");
  return sizes;
}

const sizeLabel = (n: number) => (n % 1000 === 0 ? `${fmt(n / 1000)}k` : fmt(n));

/** A uniform number in [0, 1) from an integer: the same account every run. */
function unit(n: number): number {
  let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296;
}

const FIRST = ["Ana", "Ben", "Chloé", "David", "Emma", "Farid", "Grace", "Hugo", "Inès", "Jon", "Kim", "Léa", "Marc", "Nora", "Omar"];
const LAST = ["Silva", "Tremblay", "Martin", "Roy", "Nguyen", "Gagnon", "Côté", "Smith", "Garcia", "Khan", "Bouchard", "Lee"];
const INBOUND = ["please call me back when you can", "Is my order shipped? It was due Tuesday", "Can I move my appointment to 3pm?"];
const OUTBOUND = ["Thanks, it ships today: tracking to follow", "Done, see you Thursday at 3pm", "I'll call again later"];
const DAY = 24 * 60 * 60 * 1000;

type Status = "open" | "pending" | "resolved" | "snoozed";

/** Contact `j` of the account, with its conversation state, as the app stores it (contact.model, conversation.model). */
function contactDocument(j: number, accountId: mongoose.Types.ObjectId, agents: mongoose.Types.ObjectId[], now: number) {
  const r = (k: number) => unit(j * 8 + k);
  const draw = r(0);
  const status: Status = draw < 0.2 ? "open" : draw < 0.3 ? "pending" : draw < 0.95 ? "resolved" : "snoozed";
  // Half the open ones wait in Unassigned; 80 % of the others have an agent, half of them the first one.
  const assigned = status === "open" ? draw >= 0.1 : r(1) < 0.8;
  const agent = agents[Math.max(0, Math.floor(r(2) * (agents.length + 1)) - 1)];
  const at = new Date(now - r(3) * 90 * DAY);
  const inbound = status === "open" || status === "snoozed";
  const name = `${FIRST[j % FIRST.length]} ${LAST[Math.floor(j / FIRST.length) % LAST.length]}`;
  return {
    _id: new mongoose.Types.ObjectId(),
    account_id: accountId,
    name,
    phone_numbers: [`+1514${String(2_000_000 + j).padStart(7, "0")}`],
    ...(r(4) < 0.3 && { email: `${name.toLowerCase().replace(/\W+/g, ".")}.${j}@example.com` }),
    last_activity_at: at,
    created_at: new Date(at.getTime() - r(5) * 365 * DAY),
    updated_at: at,
    unread_count: status === "open" && r(6) < 0.7 ? 1 + Math.floor(r(7) * 3) : 0,
    last_message: {
      entry_id: new mongoose.Types.ObjectId(),
      preview: (inbound ? INBOUND : OUTBOUND)[j % 3],
      direction: inbound ? "INBOUND" : "OUTBOUND",
      at,
      ...(!inbound && { agent_id: assigned ? agent : agents[0] }),
    },
    status,
    ...(assigned && { assignee_id: agent }),
    ...(status !== "open" && { status_changed_at: at }),
    ...(status === "snoozed" && { snoozed_until: new Date(now + (1 + r(7) * 6) * DAY) }),
    ...(inbound ? { first_response_due_at: new Date(at.getTime() + 15 * 60_000) } : { first_response_at: at }),
  };
}

/** Contacts `from` to `to` (exclusive) into `contacts`, BATCH a round trip; returns the tabs' sizes among them. */
async function seed(db: mongoose.mongo.Db, accountId: mongoose.Types.ObjectId, agents: mongoose.Types.ObjectId[], from: number, to: number) {
  const tally = { unassigned: 0, open: 0, pending: 0, snoozed: 0, resolved: 0 };
  const now = Date.now();
  for (let i = from; i < to; i += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, to - i) }, (_, k) => contactDocument(i + k, accountId, agents, now));
    for (const d of docs) {
      tally[d.status]++;
      if (d.status === "open" && !d.assignee_id) tally.unassigned++;
    }
    await db.collection("contacts").insertMany(docs, { ordered: false });
  }
  return tally;
}

/** A full garbage collection: the seeding's documents are garbage in this process (the API's), not the operations'. */
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/** Every index the models declare on `contacts` exists on the scenario's database (connectDatabase creates them). */
async function requireIndexes(db: mongoose.mongo.Db) {
  const existing = new Set((await db.collection("contacts").listIndexes().toArray()).map((i) => JSON.stringify(i.key)));
  const missing = (declaredIndexes(MODELS).get("contacts") ?? []).filter((i) => !existing.has(JSON.stringify(i.key)));
  if (missing.length) throw new Error(`contacts lacks the declared indexes ${missing.map((i) => JSON.stringify(i.key)).join(", ")}`);
  return existing.size;
}

interface Operation {
  key: string;
  /** In the rows: "API CPU per <label>". */
  label: string;
  query: string;
  variables?: Record<string, unknown>;
}

interface Sample {
  /** Outside the database waits (the garbage collections included). */
  cpuMs: number;
  /** When it ran (performance.now()): the garbage collections in between, outside trips.waits, are its own. */
  span: [number, number];
  cpuMsWaiting: number;
  wallMs: number;
  /** The driver's time for the commands on `contacts`. */
  dbMs: number;
  trips: RoundTrips;
  result: GraphqlResult;
}

/** The commands on `contacts` an operation sent, as the driver saw them (filter, sort, limit; or a pipeline). */
type Captured = Record<string, unknown>;

const contactsMs = (trips: RoundTrips) =>
  Object.entries(trips.msByCommand ?? {})
    .filter(([k]) => k.endsWith(" contacts"))
    .reduce((s, [, ms]) => s + ms, 0);

/** The request's own round trips: all but BACKGROUND. */
const requestTrips = (trips: RoundTrips) => trips.total - Object.entries(trips.byCommand).reduce((s, [k, n]) => s + (BACKGROUND.has(k) ? n : 0), 0);

function addTrips(sum: RoundTrips, t: RoundTrips): RoundTrips {
  const byCommand = { ...sum.byCommand };
  for (const [k, n] of Object.entries(t.byCommand)) byCommand[k] = (byCommand[k] ?? 0) + n;
  return { total: sum.total + t.total, work: sum.work + t.work, lease: sum.lease + t.lease, byCommand };
}

/** Milliseconds of [from, to] that none of `waits` covers. */
function outside([from, to]: [number, number], waits: [number, number][]): number {
  let covered = 0;
  for (const [a, b] of waits) covered += Math.max(0, Math.min(to, b) - Math.max(from, a));
  return Math.max(0, to - from - covered);
}

/**
 * Rounds of every kind in turn (so that the machine's load, which drifts, weighs on each alike) for `seconds`, at
 * least MIN_OPS and at most MAX_OPS rounds: each round runs `api` of every kind, and in rounds 1, 3, 5… `raw`.
 */
async function rounds<K extends string, A, R>(seconds: number, kinds: K[], api: (k: K) => Promise<A>, raw?: (k: K) => Promise<R>) {
  const out = Object.fromEntries(kinds.map((k) => [k, { api: [] as A[], raw: [] as R[] }])) as Record<K, { api: A[]; raw: R[] }>;
  const deadline = monotonicMs() + seconds * 1000;
  for (let n = 0; n < MIN_OPS || (n < MAX_OPS && monotonicMs() < deadline); n++)
    for (const k of kinds) {
      out[k].api.push(await api(k));
      if (raw && n % 2 === 1) out[k].raw.push(await raw(k));
    }
  return out;
}

interface KindResult {
  ops: number;
  /** The operation's own: outside the database waits and the garbage collections' pauses. */
  cpuMs: Summary;
  /** The main thread's garbage-collection pauses outside the waits (wall time; its helper threads are not counted). */
  gcMs: Summary;
  /** Each operation's, in order: outside the waits (pauses included), its pauses, and while waiting. */
  cpuMsEach: number[];
  gcMsEach: number[];
  /** The smallest size: the same, each operation after PAUSE_MS without a request. */
  afterPause?: { ops: number; cpuMs: Summary; gcMs: Summary; cpuMsEach: number[]; gcMsEach: number[] };
  cpuMsWaitingEach: number[];
  cpuMsWaitingMean: number;
  wallMs: Summary;
  dbMs: Summary;
  /** The request's own (BACKGROUND apart), each operation. */
  requestRoundTrips: { min: number; max: number; median: number };
  roundTrips: RoundTrips;
  raw: { replays: number; dbMs: Summary; wallMs: Summary; roundTrips: RoundTrips };
}

export async function inbox(ctx: BenchContext): Promise<ScenarioResult> {
  const sizes = inboxSizes();
  const database: BenchDatabase = await openBenchDatabase("inbox");
  // The snooze sweep (every 15 s) would send a `find contacts` in the middle of a measured page: once an hour here.
  const replica: Replica = await startReplica({ redisUrl: ctx.redisUrl, periodicEveryMs: 3_600_000 });
  const trips = countRoundTrips(database.client, { timed: true });
  let capturing: Captured[] | null = null;
  const capture = (e: mongoose.mongo.CommandStartedEvent) => {
    if (capturing && e.command[e.commandName] === "contacts") capturing.push(e.command);
  };
  database.client.on("commandStarted", capture);
  const collections: { startTime: number; duration: number }[] = [];
  /** An arm's CPU time: its own (without the pauses outside the waits), the pauses, and each operation's. */
  const ownCpu = (samples: Sample[]) => {
    const pauses = samples.map(pausesOf);
    return {
      cpuMs: summarize(samples.map((s, i) => s.cpuMs - pauses[i])),
      gcMs: summarize([...pauses]),
      cpuMsEach: samples.map((s) => round(s.cpuMs, 2)),
      gcMsEach: pauses.map((p) => round(p, 2)),
    };
  };
  /** The pauses during `sample` that no database wait covers. */
  const pausesOf = ({ span: [t0, t1], trips: { waits = [] } }: Sample) =>
    collections
      .filter((c) => c.startTime >= t0 && c.startTime < t1)
      .reduce((sum, c) => sum + outside([c.startTime, c.startTime + c.duration], waits), 0);
  const gc = new PerformanceObserver((list) => {
    for (const { startTime, duration } of list.getEntries()) collections.push({ startTime, duration });
  });
  gc.observe({ entryTypes: ["gc"] });
  try {
    const tenant = await createTenant("inbox");
    const accountId = new mongoose.Types.ObjectId(tenant.accountId);
    const indexes = await requireIndexes(database.db);
    const agents = await Promise.all(
      Array.from({ length: AGENTS }, (_, i) =>
        createAgent({
          accountId,
          name: `Agent ${i + 1}`,
          email: `agent${i + 1}.${tenant.accountId}@bench.example`,
          password: randomBytes(12).toString("hex"),
        }),
      ),
    );
    const agentIds = agents.map((a) => a._id);
    const operations: Operation[] = [
      { key: "all", label: "All page", query: PAGE, variables: { filter: { status: ["OPEN", "PENDING"] } } },
      { key: "unassigned", label: "Unassigned page", query: PAGE, variables: { filter: { assignee: "UNASSIGNED", status: ["OPEN"] } } },
      { key: "agent", label: "agent's open page", query: PAGE, variables: { filter: { agentId: String(agentIds[0]), status: ["OPEN"] } } },
      { key: "resolved", label: "Resolved page", query: PAGE, variables: { filter: { status: ["RESOLVED"] } } },
      { key: "counts", label: "conversationCounts", query: COUNTS },
    ];
    const pages = operations.filter((op) => op.query === PAGE);

    const once = async (op: Operation, pauseMs = 0): Promise<Sample> => {
      if (pauseMs) await sleep(pauseMs);
      trips.take();
      const t0 = performance.now();
      const since = process.cpuUsage();
      const result = await ctx.client.graphql({ url: `${replica.url}/graphql`, apiKey: tenant.apiKey, query: op.query, variables: op.variables });
      const cpuMs = cpuMsSince(since);
      const counted = trips.take();
      if (result.status !== 200 || result.body.errors?.length) throw new Error(`${op.key}: HTTP ${result.status} ${errorsOf(result)}`);
      return {
        cpuMs: cpuMs - counted.cpuMsWaiting!,
        span: [t0, performance.now()],
        cpuMsWaiting: counted.cpuMsWaiting!,
        wallMs: result.ms,
        dbMs: contactsMs(counted),
        trips: counted,
        result,
      };
    };
    const contacts = database.db.collection("contacts");
    const replay = async (commands: Captured[]) => {
      trips.take();
      const t0 = monotonicMs();
      await Promise.all(
        commands.map((c) => {
          if ("find" in c) return contacts.find(c.filter as object, { sort: c.sort as mongoose.mongo.Sort, limit: c.limit as number }).toArray();
          if ("aggregate" in c) return contacts.aggregate(c.pipeline as object[]).toArray();
          throw new Error(`no raw replay for ${Object.keys(c)[0]}`);
        }),
      );
      const wallMs = monotonicMs() - t0;
      const counted = trips.take();
      return { wallMs, dbMs: contactsMs(counted), trips: counted };
    };

    // The first size: every kind once, checked (the documents read back as the app's), its commands captured.
    const captured: Record<string, Captured[]> = {};
    const bySize: Record<number, { seedSeconds: number; idleCpuMsPerSecond: number; kinds: Record<string, KindResult> }> = {};
    let seededTo = 0;
    const small = sizes[0];
    const large = sizes[sizes.length - 1];
    for (const size of sizes) {
      ctx.log(`${fmt(size - seededTo)} contacts into the account (${fmt(size)} in all)`);
      const seedStarted = monotonicMs();
      const tally = await seed(database.db, accountId, agentIds, seededTo, size);
      const seedSeconds = (monotonicMs() - seedStarted) / 1000;
      if (!seededTo) {
        for (const op of operations) {
          capturing = [];
          const sample = await once(op);
          captured[op.key] = capturing;
          capturing = null;
          checkFirstRead(op, sample.result, tally, String(agentIds[0]));
        }
        ctx.log(`warm-up ${warmupSeconds(ctx)} s`);
        const warm = monotonicMs() + warmupSeconds(ctx) * 1000;
        for (let i = 0; monotonicMs() < warm; i++) await once(operations[i % operations.length]);
      } else await once(operations[0]); // The database settles after the inserts; the code is warm already.
      seededTo = size;
      collectGarbage();

      // What an idle replica spends, for the JSON: why the waits' CPU time is left out.
      const idleSince = process.cpuUsage();
      await sleep(2000);
      const idleCpuMsPerSecond = cpuMsSince(idleSince) / 2;

      ctx.log(
        `${sizeLabel(size)}: ${operations.length} kinds in turn for ${operations.length * baselineSeconds(ctx)} s (at least ${MIN_OPS} rounds)`,
      );
      const byKey = new Map(operations.map((op) => [op.key, op]));
      const runs = await rounds(
        operations.length * baselineSeconds(ctx),
        [...byKey.keys()],
        (k) => once(byKey.get(k)!),
        (k) => replay(captured[k]),
      );
      // The idle arm (smallest size): a process idle for seconds pays for it in its next operation (caches, the clock,
      // V8's idle-time collections), as the largest size's operations do inside, while FerretDB scans.
      const idle = size === small && PAUSE_MS ? await rounds(0, [...byKey.keys()], (k) => once(byKey.get(k)!, PAUSE_MS)) : undefined;
      await sleep(100); // The last collections' entries are delivered.
      const kinds: Record<string, KindResult> = {};
      for (const op of operations) {
        const { api: samples, raw: raws } = runs[op.key];
        const perOp = samples.map((s) => requestTrips(s.trips));
        const summed = samples.map((s) => s.trips).reduce(addTrips);
        kinds[op.key] = {
          ops: samples.length,
          ...ownCpu(samples),
          ...(idle && { afterPause: { ops: idle[op.key].api.length, ...ownCpu(idle[op.key].api) } }),
          cpuMsWaitingEach: samples.map((s) => round(s.cpuMsWaiting, 2)),
          cpuMsWaitingMean: round(samples.reduce((s, x) => s + x.cpuMsWaiting, 0) / samples.length, 2),
          wallMs: summarize(samples.map((s) => s.wallMs)),
          dbMs: summarize(samples.map((s) => s.dbMs)),
          requestRoundTrips: { min: Math.min(...perOp), max: Math.max(...perOp), median: summarize(perOp).p50 },
          roundTrips: perEvent(summed, samples.length),
          raw: {
            replays: raws.length,
            dbMs: summarize(raws.map((r) => r.dbMs)),
            wallMs: summarize(raws.map((r) => r.wallMs)),
            roundTrips: perEvent(raws.map((r) => r.trips).reduce(addTrips), raws.length),
          },
        };
      }
      bySize[size] = { seedSeconds: round(seedSeconds, 1), idleCpuMsPerSecond: round(idleCpuMsPerSecond, 2), kinds };
    }

    const [S, L] = [sizeLabel(small), sizeLabel(large)];
    const at = (size: number, key: string) => bySize[size].kinds[key];
    const rows: Row[] = operations.map((op) => {
      const [a, b] = [at(small, op.key), at(large, op.key)];
      // As idle as the largest size's operations (each waits at least the pause on the database): the idle arm.
      const paused = a.afterPause && b.wallMs.p50 >= PAUSE_MS ? a.afterPause : undefined;
      const ratio = b.cpuMs.p50 / (paused ?? a).cpuMs.p50;
      const idleArm = a.afterPause
        ? `; ${fmt(a.afterPause.cpuMs.p50, 2)} ms after a ${fmt(PAUSE_MS / 1000)} s pause, GC ${fmt(a.afterPause.gcMs.mean, 1)}`
        : "";
      return {
        scenario: `inbox: API CPU per ${op.label}, ${L} vs ${S} contacts (median, without the database waits and GC pauses)`,
        measured: `${fmt(b.cpuMs.p50, 2)} ms at ${L} (${b.ops} ops, each ${fmt(b.wallMs.p50 / 1000, 1)} s; GC ${fmt(b.gcMs.mean, 1)} ms)`,
        baseline: `${fmt(a.cpuMs.p50, 2)} ms at ${S} (${a.ops} ops; GC ${fmt(a.gcMs.mean, 1)} ms${idleArm})`,
        goal: `ratio ${fmt(ratio, 2)}${paused ? " to the paused" : ""}, ${fmt(b.cpuMs.p50 / a.cpuMs.p50, 2)} unpaused (goal ≤ 1.5)`,
        met: ratio <= 1.5,
      };
    });
    const tripsAt = (size: number) => operations.map((op) => at(size, op.key).requestRoundTrips.median);
    const steady = (size: number) => operations.every((op) => at(size, op.key).requestRoundTrips.min === at(size, op.key).requestRoundTrips.max);
    const pageCommands = Object.entries(at(large, pages[0].key).roundTrips.byCommand)
      .filter(([k]) => !BACKGROUND.has(k))
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    rows.push({
      scenario: `inbox: database round trips per operation (${operations.map((op) => op.key).join(", ")}), ${L} vs ${S} contacts`,
      measured: `${tripsAt(large).join(", ")} at ${L} (a page: ${pageCommands})`,
      baseline: `${tripsAt(small).join(", ")} at ${S}`,
      goal: "equal (the key's once-a-minute last-used write apart)",
      met: tripsAt(large).every((n, i) => n === tripsAt(small)[i]) && steady(small) && steady(large),
    });
    const meanOf = (size: number, ops: Operation[], pick: (k: KindResult) => number) =>
      ops.reduce((s, op) => s + pick(at(size, op.key)), 0) / ops.length;
    const db = (size: number, ops: Operation[]) => ({ api: meanOf(size, ops, (k) => k.dbMs.p50), raw: meanOf(size, ops, (k) => k.raw.dbMs.p50) });
    const counts = operations.filter((op) => op.query === COUNTS);
    const [pageS, pageL, countS, countL] = [db(small, pages), db(large, pages), db(small, counts), db(large, counts)];
    rows.push({
      scenario: "inbox: database time per operation on contacts (driver-timed), the API's vs the same commands through the raw driver",
      measured: `API: a page ${fmt(pageS.api, 1)} ms at ${S}, ${fmt(pageL.api)} ms at ${L}; counts ${fmt(countS.api, 1)} ms, ${fmt(countL.api)} ms`,
      baseline: `raw: a page ${fmt(pageS.raw, 1)} ms, ${fmt(pageL.raw)} ms; counts ${fmt(countS.raw, 1)} ms, ${fmt(countL.raw)} ms`,
      goal: `API/raw: pages ${fmt(pageS.api / pageS.raw, 2)}× at ${S}, ${fmt(pageL.api / pageL.raw, 2)}× at ${L} (the database's time, not the API's)`,
      met: null,
    });
    const ferret = database.engine.startsWith("FerretDB");
    rows.push({
      scenario: "inbox: the database engine of this run",
      measured: database.engine,
      baseline: "—",
      goal: ferret
        ? "FerretDB v1 scans and sorts in memory: its times grow with the collection; flat ones need MongoDB (index use: query-shapes.test.ts)"
        : "MongoDB: the database times above should stay flat too",
      met: null,
    });
    return {
      rows,
      data: {
        engine: database.engine,
        sizes,
        minOps: MIN_OPS,
        pauseMs: PAUSE_MS,
        agents: AGENTS,
        contactsIndexes: indexes,
        captured: Object.fromEntries(Object.entries(captured).map(([k, commands]) => [k, commands.map(shapeOf)])),
        cpuRatios: Object.fromEntries(operations.map((op) => [op.key, round(at(large, op.key).cpuMs.p50 / at(small, op.key).cpuMs.p50, 3)])),
        bySize,
      },
    };
  } finally {
    database.client.off("commandStarted", capture);
    gc.disconnect();
    trips.stop();
    await replica.close();
    await database.close();
  }
}

/** A captured command for the JSON: what it asks (the driver holds a sort as a Map). */
function shapeOf({ lsid: _lsid, $db: _db, ...command }: Captured): Captured {
  return command.sort instanceof Map ? { ...command, sort: Object.fromEntries(command.sort) } : command;
}

/** A GraphQL answer's errors, each distinct message once, with the first path it came at. */
function errorsOf(result: GraphqlResult): string {
  const seen = new Map<string, string>();
  for (const e of result.body.errors ?? []) if (!seen.has(e.message)) seen.set(e.message, (e.path ?? []).join("."));
  return [...seen].map(([message, at]) => `${message}${at ? ` (at ${at})` : ""}`).join("; ");
}

/** The first read of each kind: full pages of the tab asked for, every field resolved; the counts exact (below the cap). */
function checkFirstRead(op: Operation, result: GraphqlResult, tally: Record<string, number>, agentId: string) {
  const data = result.body.data ?? {};
  if (op.query === COUNTS) {
    const counts = data.conversationCounts as Record<string, number>;
    for (const [tab, n] of Object.entries(tally))
      if (counts?.[tab] !== n) throw new Error(`conversationCounts.${tab} is ${counts?.[tab]}, ${n} were stored`);
    return;
  }
  type Node = {
    id: string;
    name: string;
    unreadCount: number;
    status: string;
    lastMessage: { at: string; direction: string; preview: string } | null;
    assignee: { id: string; name: string } | null;
  };
  const page = data.conversations as { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean } } | undefined;
  const filter = (op.variables?.filter ?? {}) as { status?: string[]; assignee?: string; agentId?: string };
  const wrong = (page?.edges ?? [])
    .map((e) => e.node)
    .filter(
      (n) =>
        !n.name ||
        typeof n.unreadCount !== "number" ||
        !filter.status?.includes(n.status) ||
        !n.lastMessage?.at ||
        !n.lastMessage.preview ||
        (filter.assignee === "UNASSIGNED" && n.assignee) ||
        (filter.agentId && n.assignee?.id !== agentId) ||
        (n.assignee && !n.assignee.name),
    );
  if (page?.edges.length !== PAGE_SIZE || !page.pageInfo.hasNextPage || wrong.length)
    throw new Error(
      `${op.key}: ${page?.edges.length ?? 0} rows (hasNextPage ${page?.pageInfo.hasNextPage}), ${wrong.length} not as stored: ${JSON.stringify(wrong[0])}`,
    );
}
