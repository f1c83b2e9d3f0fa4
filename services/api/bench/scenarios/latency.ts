/**
 * latency: webhook → graphql-ws subscriber, 100 inbound webhooks/s (open loop) for a third of BENCH_SECONDS with 100
 * subscribers on `smsReceived` (account-scoped), events through Redis; first 10/s, the path without a backlog. The load generator posts and subscribes, so
 * one clock measures from the POST to each subscriber's `next`. Baseline: the raw stack (HTTP, one insertOne, a
 * Redis PUBLISH, a WebSocket relay to 100 plain sockets) at the same rate.
 */
import { createTenant, openBenchDatabase, startReplica, type BenchDatabase } from "../shared/app.js";
import { baselineSeconds, requireRedis, type BenchContext } from "../shared/context.js";
import { SMS_SUBSCRIPTION } from "../shared/protocol.js";
import { startRawStack } from "../shared/raw.js";
import { fmt, type ScenarioResult } from "../shared/report.js";
import { sleep } from "../shared/stats.js";
import { inboundSms, untilDrained } from "../shared/webhooks.js";

const RATE = 100;
/** A rate the API sustains on any machine: the path's latency without a backlog (measured first). */
const LOW_RATE = 10;
const SUBSCRIBERS = 100;

const seconds = (ctx: BenchContext) => Math.max(5, Math.round(ctx.seconds / 3));

async function throughApi(ctx: BenchContext, redisUrl: string) {
  const replica = await startReplica({ redisUrl });
  try {
    const tenant = await createTenant("latency");
    await ctx.client.subscribe({ kind: "graphql", urls: [replica.wsUrl], count: SUBSCRIBERS, apiKey: tenant.apiKey, query: SMS_SUBSCRIPTION });
    ctx.log(`${SUBSCRIBERS} subscribers; warm-up`);
    await ctx.client.untilAllReceive(() => ctx.client.post(inboundSms(ctx, replica, tenant.number, { seconds: 1, rate: RATE })));
    ctx.log(`${baselineSeconds(ctx)} s at ${LOW_RATE} webhooks/s`);
    const low = await ctx.client.post(inboundSms(ctx, replica, tenant.number, { seconds: baselineSeconds(ctx), rate: LOW_RATE }));
    await sleep(1000);
    const lowSubscribers = await ctx.client.stats(true);
    ctx.log(`${seconds(ctx)} s at ${RATE} webhooks/s`);
    const webhooks = await ctx.client.post(inboundSms(ctx, replica, tenant.number, { seconds: seconds(ctx), rate: RATE }));
    // Every event delivered, a backlog included: latencies of the late ones count.
    await untilDrained(replica, 180_000);
    await sleep(1000);
    const subscribers = await ctx.client.stats(true);
    return { webhooks, subscribers, low: { webhooks: low, subscribers: lowSubscribers } };
  } finally {
    await ctx.client.unsubscribe();
    await replica.close();
  }
}

async function throughRawStack(ctx: BenchContext, database: BenchDatabase, redisUrl: string) {
  const stack = await startRawStack({ db: database.db, redisUrl, channel: `bench:${database.name}` });
  try {
    await ctx.client.subscribe({ kind: "raw", urls: [stack.wsUrl], count: SUBSCRIBERS });
    const load = (seconds: number) => ({ url: stack.url, to: "+16502907793", customers: ctx.customers, sidPrefix: "00000000", seconds, rate: RATE });
    await ctx.client.untilAllReceive(() => ctx.client.post(load(1)));
    ctx.log(`raw stack: ${baselineSeconds(ctx)} s at ${RATE}/s`);
    const webhooks = await ctx.client.post(load(baselineSeconds(ctx)));
    await sleep(1000);
    const subscribers = await ctx.client.stats(true);
    return { webhooks, subscribers };
  } finally {
    await ctx.client.unsubscribe();
    await stack.close();
  }
}

export async function latency(ctx: BenchContext): Promise<ScenarioResult> {
  const redisUrl = requireRedis(ctx, "latency");
  const database = await openBenchDatabase("latency");
  try {
    const api = await throughApi(ctx, redisUrl);
    const raw = await throughRawStack(ctx, database, redisUrl);
    const { latencyMs, deliveries } = api.subscribers;
    const expected = api.webhooks.acked * SUBSCRIBERS;
    return {
      rows: [
        {
          scenario: `latency: webhook → graphql-ws subscriber (${RATE} webhooks/s for ${seconds(ctx)} s, ${SUBSCRIBERS} subscribers, Redis)`,
          measured: `p50 ${fmt(latencyMs.p50, 1)} ms, p99 ${fmt(latencyMs.p99, 1)} ms (max ${fmt(latencyMs.max)}; ${fmt(deliveries)}/${fmt(expected)} delivered)`,
          baseline: `raw stack p50 ${fmt(raw.subscribers.latencyMs.p50, 1)} ms, p99 ${fmt(raw.subscribers.latencyMs.p99, 1)} ms`,
          goal: "p50 < 10 ms, p99 < 30 ms",
          met: latencyMs.p50 < 10 && latencyMs.p99 < 30 && deliveries >= expected,
        },
        {
          scenario: `latency: the same at ${LOW_RATE} webhooks/s (no backlog)`,
          measured: `p50 ${fmt(api.low.subscribers.latencyMs.p50, 1)} ms, p99 ${fmt(api.low.subscribers.latencyMs.p99, 1)} ms (acknowledged: p50 ${fmt(api.low.webhooks.ackMs.p50, 1)} ms)`,
          baseline: "—",
          goal: "p50 < 10 ms, p99 < 30 ms",
          met: api.low.subscribers.latencyMs.p50 < 10 && api.low.subscribers.latencyMs.p99 < 30,
        },
      ],
      data: { engine: database.engine, rate: RATE, subscribers: SUBSCRIBERS, api, raw },
    };
  } finally {
    await database.close();
  }
}
