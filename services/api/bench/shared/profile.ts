import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { round } from "./stats.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface ProfileSummary {
  file: string;
  sampledMs: number;
  /**
   * % of the sampled (wall) time by layer: each sample goes to the nearest frame on its stack that names one (a
   * native socket write to the driver that asked for it). Samples are wall time: a thread blocked in fsync or
   * preempted in a syscall counts, so compare with the measured CPU time.
   */
  byLayer: Record<string, number>;
  /** % of the sampled time by the package (or ours, node, native) of the function on top of the stack. */
  byOrigin: Record<string, number>;
  /** The functions with the most self time. */
  topSelf: { fn: string; ms: number; pct: number }[];
  /** Our functions by inclusive time (what they and what they call took). */
  oursInclusive: { fn: string; ms: number; pct: number }[];
}

const ROOT = path.resolve(import.meta.dirname, "../..");

function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node";
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.includes("/services/api/src/")) return "ours";
  if (url.includes("/services/api/bench/")) return "bench";
  return "other";
}

/** Layers of an inbound webhook's path, by the file a frame is in (first match wins). */
const LAYERS: [string, RegExp][] = [
  ["durable queue (SQLite, fsync)", /durable-queue\.ts|better-sqlite3/],
  ["database driver + mongoose", /node_modules\/(mongoose|mongodb|bson|kareem|mquery|mpath|sift)\//],
  ["events (Redis, EJSON)", /ioredis|redis-event-target|@graphql-yoga|platform\/pubsub\.ts|redis-parser|denque/],
  ["logging (pino)", /node_modules\/(pino|pino-http|pino-std-serializers|sonic-boom|@pinojs|quick-format-unescaped)\//],
  ["segments (sms-segments-calculator)", /sms-segments-calculator|grapheme-splitter|sms\/segments\.ts/],
  ["metrics (prom-client)", /prom-client/],
  ["twilio signature", /node_modules\/twilio\//],
  [
    "HTTP + express + body parsing",
    /node_modules\/(express|router|body-parser|raw-body|qs|type-is|on-finished|finalhandler|send|parseurl|iconv-lite|path-to-regexp|content-type|mime-types|media-typer|etag|fresh|statuses|depd)\/|node:_http/,
  ],
  ["ours (services/api/src)", /\/services\/api\/src\//],
];

const layerOf = (stack: ProfileNode[]): string => {
  const top = stack[0].callFrame.functionName;
  if (top === "(idle)" || top === "(garbage collector)" || top === "(program)") return top;
  for (const n of stack) for (const [name, pattern] of LAYERS) if (pattern.test(n.callFrame.url)) return name;
  return "other";
};

const label = (n: ProfileNode) => {
  const file = n.callFrame.url.replace(/^file:\/\//, "").replace(`${ROOT}/`, "");
  const short = file.replace(/.*node_modules\//, "");
  return `${n.callFrame.functionName || "(anonymous)"} ${short ? `${short}:${n.callFrame.lineNumber + 1}` : ""}`.trim();
};

const percentages = (m: Record<string, number>, total: number) =>
  Object.fromEntries(
    Object.entries(m)
      .filter(([, v]) => v / total >= 0.001)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => [k, round((100 * v) / total, 1)]),
  );

/** BENCH_PROFILE=1 (every profiled phase) or a list of scenarios, e.g. BENCH_PROFILE=cpu,fanout. */
export const profiling = (name: string) => {
  const asked = (process.env.BENCH_PROFILE ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return asked.includes("1") || asked.includes(name);
};

/**
 * When profiling(name), `fn` runs under the V8 sampling profiler of this process (the API's: the load generator is
 * another process): the profile is written to bench-<name>.cpuprofile (open it in Chrome DevTools) and summarized.
 */
export async function profiled<T>(name: string, fn: () => Promise<T>): Promise<{ value: T; profile?: ProfileSummary }> {
  if (!profiling(name)) return { value: await fn() };
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  const value = await fn();
  const { profile } = (await session.post("Profiler.stop")) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  session.disconnect();
  const file = path.resolve(`bench-${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));

  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byOrigin: Record<string, number> = {};
  const byLayer: Record<string, number> = {};
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = nodes.get(id)!;
    total += ms;
    self.set(label(node), (self.get(label(node)) ?? 0) + ms);
    const origin = originOf(node.callFrame.url, node.callFrame.functionName);
    byOrigin[origin] = (byOrigin[origin] ?? 0) + ms;
    const stack: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(nodes.get(at)!);
    const layer = layerOf(stack);
    byLayer[layer] = (byLayer[layer] ?? 0) + ms;
    const seen = new Set<string>();
    for (const n of stack) {
      if (originOf(n.callFrame.url, n.callFrame.functionName) !== "ours") continue;
      const key = label(n);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  });
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([fn, ms]) => ({ fn, ms: round(ms, 1), pct: round((100 * ms) / total, 1) }));
  return {
    value,
    profile: {
      file,
      sampledMs: round(total, 1),
      byLayer: percentages(byLayer, total),
      byOrigin: percentages(byOrigin, total),
      topSelf: top(self, 25),
      oursInclusive: top(inclusive, 25),
    },
  };
}
