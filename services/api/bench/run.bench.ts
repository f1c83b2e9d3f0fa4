/**
 * The API's benchmark (`npm run bench`): scenarios run one after another, each on a database of its own, each
 * measured next to its baseline from the same run on the same machine and database. The load generator (webhooks,
 * subscribers) is a child process (client.bench.ts), so the API's CPU time is its own.
 *
 *   BENCH_SCENARIOS=ingest,cpu,latency,fanout,inbox,outage   which to run (default: all, in that order)
 *   BENCH_SECONDS=60                                   each measured phase (baselines: a quarter; the outage lasts this long)
 *   BENCH_CONCURRENCY=16  BENCH_CUSTOMERS=200          webhooks in flight (ingest, cpu); distinct senders
 *   BENCH_INBOX_SIZES=1000,100000  BENCH_INBOX_MIN_OPS=3  BENCH_INBOX_PAUSE_MS=2000   the inbox's account sizes,
 *                                                      its fewest operations per kind, its idle arm's pause
 *   MONGODB_URI  REDIS_URL (default redis://127.0.0.1:6379)  BENCH_PROFILE=1 (profile the cpu scenario)
 *   npm run bench -- --json                            the JSON on stdout instead of bench-results.json
 *
 * inbox: the API's CPU time and round trips per inbox page and per conversationCounts at 100,000 contacts vs 1,000
 * (goal: O(page), the same), next to the database's own time for the same commands through the raw driver.
 *
 * Prints a markdown table at the end: scenario, measured, baseline (same run), ratio or goal, met?
 */
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startLoadClient } from "./shared/client.js";
import type { BenchContext } from "./shared/context.js";
import { markdownTable, type Row, type ScenarioResult } from "./shared/report.js";
import { cpu } from "./scenarios/cpu.js";
import { fanout } from "./scenarios/fanout.js";
import { inbox } from "./scenarios/inbox.js";
import { ingest } from "./scenarios/ingest.js";
import { latency } from "./scenarios/latency.js";
import { outage } from "./scenarios/outage.js";

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<ScenarioResult>> = { ingest, cpu, latency, fanout, inbox, outage };

const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

async function main() {
  const json = process.argv.includes("--json");
  const selected = (process.env.BENCH_SCENARIOS ?? Object.keys(SCENARIOS).join(","))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = selected.filter((s) => !(s in SCENARIOS));
  if (unknown.length) throw new Error(`unknown BENCH_SCENARIOS ${unknown.join(", ")}: pick from ${Object.keys(SCENARIOS).join(", ")}`);

  const client = await startLoadClient();
  const started = Date.now();
  const ctx: BenchContext = {
    seconds: positive("BENCH_SECONDS", 60),
    concurrency: positive("BENCH_CONCURRENCY", 16),
    customers: positive("BENCH_CUSTOMERS", 200),
    redisUrl: process.env.REDIS_URL === "" ? undefined : (process.env.REDIS_URL ?? "redis://127.0.0.1:6379"),
    client,
    log: () => {},
  };
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  for (const name of selected) {
    const t0 = Date.now();
    const log = (message: string) => console.error(`[bench ${name} +${((Date.now() - t0) / 1000).toFixed(0)}s] ${message}`);
    log("start");
    try {
      const result = await SCENARIOS[name]({ ...ctx, log });
      rows.push(...result.rows);
      results[name] = { ...result.data, wallSeconds: Math.round((Date.now() - t0) / 1000) };
    } catch (err) {
      console.error(err);
      rows.push({ scenario: name, measured: `failed: ${err instanceof Error ? err.message : String(err)}`, baseline: "—", goal: "—", met: false });
      results[name] = { error: String(err) };
      process.exitCode = 1;
    }
    log("done");
  }
  await client.close();

  const report = {
    startedAt: new Date(started).toISOString(),
    wallSeconds: Math.round((Date.now() - started) / 1000),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverage: os.loadavg().map((l) => +l.toFixed(2)), node: process.version },
    settings: {
      scenarios: selected,
      seconds: ctx.seconds,
      concurrency: ctx.concurrency,
      customers: ctx.customers,
      events: ctx.redisUrl ? "redis" : "memory",
    },
    rows,
    results,
  };
  const table = markdownTable(rows);
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    console.error(`\n${table}`);
  } else {
    const file = path.resolve("bench-results.json");
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\n${table}\n\n(${report.wallSeconds} s; JSON in ${file})`);
  }
}

main().then(
  () => process.exit(),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
