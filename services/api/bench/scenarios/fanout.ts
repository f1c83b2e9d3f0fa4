/**
 * fanout: one event to 1,000 graphql-ws subscribers on `smsReceived` (one account), 500 on each of two replicas
 * sharing Redis and the database. Events are published with the replicas' own pubSub (what receiveSms publishes,
 * alternately on each replica: the fan-out alone, not the ingest, which the latency scenario covers), 10 per second
 * for a third of BENCH_SECONDS, then 100 back to back. Baseline: two raw relays (a Redis subscriber writing each
 * message to plain WebSockets) with the same 1,000 sockets, the same message size and the same phases.
 */
import { Redis } from "ioredis";
import mongoose from "mongoose";
import { SMS_RECEIVED } from "../../src/sms/incoming-sms.service.js";
import { entryEvent } from "../../src/timeline/entry-events.js";
import { createTenant, openBenchDatabase, startReplica, type BenchDatabase, type Replica } from "../shared/app.js";
import { baselineSeconds, requireRedis, type BenchContext } from "../shared/context.js";
import { SMS_SUBSCRIPTION, stampedBody, type SubscriberStats } from "../shared/protocol.js";
import { rawNextMessage, startRawStack } from "../shared/raw.js";
import { profiled, type ProfileSummary } from "../shared/profile.js";
import { fmt, type ScenarioResult } from "../shared/report.js";
import { monotonicMs, sleep } from "../shared/stats.js";
import { inboundSms, untilDrained } from "../shared/webhooks.js";

const SUBSCRIBERS = 1000;
const RATE = 10;
const BURST = 100;

interface Phases {
  steady: SubscriberStats;
  burst: SubscriberStats;
  /** With BENCH_PROFILE=fanout: the API's profile over the steady phase. */
  profile?: ProfileSummary;
}

/** 10 events/s for `seconds`, then BURST back to back, each phase's deliveries collected by the load generator. */
async function phases(ctx: BenchContext, seconds: number, publish: (seq: string) => void | Promise<unknown>, profile?: string): Promise<Phases> {
  const started = monotonicMs();
  const { profile: summary } = await profiled(profile ?? "", async () => {
    for (let i = 0; monotonicMs() < started + seconds * 1000; i++) {
      await publish(`s${i}`);
      await sleep(Math.max(0, started + ((i + 1) * 1000) / RATE - monotonicMs()));
    }
    await sleep(1500);
  });
  const steady = await ctx.client.stats(true);
  for (let i = 0; i < BURST; i++) void publish(`b${i}`);
  const deadline = Date.now() + 20_000;
  while ((await ctx.client.stats()).deliveries < BURST * SUBSCRIBERS && Date.now() < deadline) await sleep(200);
  const burst = await ctx.client.stats(true);
  return { steady, burst, ...(summary && { profile: summary }) };
}

async function throughApi(ctx: BenchContext, database: BenchDatabase, redisUrl: string, seconds: number): Promise<Phases> {
  const replicas: Replica[] = [await startReplica({ redisUrl }), await startReplica({ redisUrl })];
  try {
    const tenant = await createTenant("fanout");
    // One real inbound SMS, stored: the template of every event (as receiveSms publishes it).
    await ctx.client.post(inboundSms(ctx, replicas[0], tenant.number, { seconds: 0.2, rate: 10 }));
    await untilDrained(replicas[0]);
    const template = await database.db
      .collection("entries")
      .findOne({ account_id: new mongoose.Types.ObjectId(tenant.accountId), _type: "SmsEntry" });
    if (!template) throw new Error("the template SMS was not stored");
    let n = 0;
    const publish = (seq: string) => {
      const entry = { ...template, _id: new mongoose.Types.ObjectId(), body: stampedBody(monotonicMs(), seq) };
      replicas[n++ % 2].server.deps.pubSub.publish(SMS_RECEIVED, tenant.accountId, entryEvent(entry as never));
    };
    ctx.log(`${SUBSCRIBERS} graphql-ws subscribers over 2 replicas`);
    await ctx.client.subscribe({
      kind: "graphql",
      urls: replicas.map((r) => r.wsUrl),
      count: SUBSCRIBERS,
      apiKey: tenant.apiKey,
      query: SMS_SUBSCRIPTION,
    });
    await ctx.client.untilAllReceive(async () => {
      publish("probe-a");
      publish("probe-b");
    });
    ctx.log(`${seconds} s at ${RATE} events/s, then ${BURST} at once`);
    return await phases(ctx, seconds, publish, "fanout");
  } finally {
    await ctx.client.unsubscribe();
    for (const replica of replicas) await replica.close();
  }
}

async function throughRawRelays(ctx: BenchContext, database: BenchDatabase, redisUrl: string, seconds: number): Promise<Phases> {
  const channel = `bench:${database.name}`;
  const stacks = [await startRawStack({ db: database.db, redisUrl, channel }), await startRawStack({ db: database.db, redisUrl, channel })];
  const publisher = new Redis(redisUrl);
  try {
    await ctx.client.subscribe({ kind: "raw", urls: stacks.map((s) => s.wsUrl), count: SUBSCRIBERS });
    const publish = (seq: string) => publisher.publish(channel, rawNextMessage(stampedBody(monotonicMs(), seq)));
    await ctx.client.untilAllReceive(() => publish("probe"));
    ctx.log(`raw relays: ${seconds} s at ${RATE} events/s, then ${BURST} at once`);
    return await phases(ctx, seconds, publish);
  } finally {
    await ctx.client.unsubscribe();
    await publisher.quit();
    for (const stack of stacks) await stack.close();
  }
}

export async function fanout(ctx: BenchContext): Promise<ScenarioResult> {
  const redisUrl = requireRedis(ctx, "fanout");
  const database = await openBenchDatabase("fanout");
  try {
    const seconds = Math.max(5, Math.round(ctx.seconds / 3));
    const api = await throughApi(ctx, database, redisUrl, seconds);
    const raw = await throughRawRelays(ctx, database, redisUrl, baselineSeconds(ctx));
    const complete = (s: SubscriberStats) => `${fmt(s.deliveries)}/${fmt(s.events * SUBSCRIBERS)} delivered`;
    return {
      rows: [
        {
          scenario: `fanout: one event to ${fmt(SUBSCRIBERS)} subscribers over 2 replicas (Redis), deliveries/s per event at ${RATE} events/s`,
          measured: `${fmt(api.steady.deliveriesPerSecond.p50)}/s median (all in ${fmt(api.steady.fanoutMs.p50, 1)} ms median, ${fmt(api.steady.fanoutMs.p99, 1)} ms p99)`,
          baseline: `raw relays ${fmt(raw.steady.deliveriesPerSecond.p50)}/s (all in ${fmt(raw.steady.fanoutMs.p50, 1)} ms)`,
          goal: "goal ≥ 25,000/s",
          met: api.steady.deliveriesPerSecond.p50 >= 25_000,
        },
        {
          scenario: `fanout: delivery latency at ${RATE} events/s`,
          measured: `p50 ${fmt(api.steady.latencyMs.p50, 1)} ms, p99 ${fmt(api.steady.latencyMs.p99, 1)} ms (${complete(api.steady)})`,
          baseline: `raw relays p50 ${fmt(raw.steady.latencyMs.p50, 1)} ms, p99 ${fmt(raw.steady.latencyMs.p99, 1)} ms`,
          goal: "p99 < 100 ms",
          met: api.steady.latencyMs.p99 < 100 && api.steady.deliveries >= api.steady.events * SUBSCRIBERS,
        },
        {
          scenario: `fanout: ${BURST} events at once (capacity)`,
          measured: `${fmt(api.burst.windowDeliveriesPerSecond)} deliveries/s, p99 ${fmt(api.burst.latencyMs.p99)} ms (${complete(api.burst)})`,
          baseline: `raw relays ${fmt(raw.burst.windowDeliveriesPerSecond)}/s, p99 ${fmt(raw.burst.latencyMs.p99)} ms`,
          goal: `${fmt((100 * api.burst.windowDeliveriesPerSecond) / raw.burst.windowDeliveriesPerSecond, 0)} % of raw`,
          met: null,
        },
      ],
      data: {
        engine: database.engine,
        subscribers: SUBSCRIBERS,
        replicas: 2,
        rate: RATE,
        burst: BURST,
        publishedWith: "replica pubSub.publish (SMS_RECEIVED)",
        api,
        raw,
      },
    };
  } finally {
    await database.close();
  }
}
