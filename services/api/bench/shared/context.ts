import type { LoadClient } from "./client.js";

/** What every scenario is given: the durations and sizes from the environment, and the load generator. */
export interface BenchContext {
  /** BENCH_SECONDS: each measured phase's length (baselines and the outage's edges are shorter). */
  seconds: number;
  /** BENCH_CONCURRENCY: webhooks in flight in the closed-loop scenarios (ingest, cpu) and their raw baseline. */
  concurrency: number;
  /** BENCH_CUSTOMERS: distinct senders (conversations) the webhooks come from. */
  customers: number;
  /** REDIS_URL: the event bus of every replica, and the raw stack's. */
  redisUrl?: string;
  client: LoadClient;
  log(message: string): void;
}

/** A baseline's length: the rate of a bare driver or socket settles in seconds. */
export const baselineSeconds = (ctx: BenchContext) => Math.max(5, Math.round(ctx.seconds / 4));

/** A short settling phase before measuring (JIT, contacts created, connections open). */
export const warmupSeconds = (ctx: BenchContext) => Math.max(2, Math.min(5, Math.round(ctx.seconds / 10)));

export function requireRedis(ctx: BenchContext, scenario: string): string {
  if (!ctx.redisUrl) throw new Error(`the ${scenario} scenario needs Redis: set REDIS_URL (default redis://127.0.0.1:6379)`);
  return ctx.redisUrl;
}
