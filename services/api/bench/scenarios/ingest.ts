/**
 * ingest: inbound webhooks acknowledged and drained, closed loop at BENCH_CONCURRENCY for BENCH_SECONDS, with the
 * queue's depth sampled every second; next to the raw driver's insertOne rate into the same database at the same
 * concurrency.
 */
import { createTenant, openBenchDatabase, startReplica } from "../shared/app.js";
import { baselineSeconds, warmupSeconds, type BenchContext } from "../shared/context.js";
import { rawInserts, rawReplay } from "../shared/raw.js";
import { fmt, type ScenarioResult } from "../shared/report.js";
import { cpuMsSince, monotonicMs, round, slope } from "../shared/stats.js";
import { databaseCpuMs, machineBusy, machineTicks } from "../shared/system.js";
import { inboundSms, sampleDepth, untilDrained } from "../shared/webhooks.js";

export async function ingest(ctx: BenchContext): Promise<ScenarioResult> {
  const database = await openBenchDatabase("ingest");
  const replica = await startReplica({ redisUrl: ctx.redisUrl });
  try {
    const tenant = await createTenant("ingest");
    ctx.log(`warm-up ${warmupSeconds(ctx)} s`);
    await ctx.client.post(inboundSms(ctx, replica, tenant.number, { seconds: warmupSeconds(ctx), concurrency: ctx.concurrency }));
    await untilDrained(replica);

    ctx.log(`${ctx.seconds} s at ${ctx.concurrency} in flight`);
    const drainedBefore = await replica.drained();
    const depth = sampleDepth(replica);
    const cpuSince = process.cpuUsage();
    const dbSince = databaseCpuMs();
    const machineSince = machineTicks();
    const started = monotonicMs();
    const posted = await ctx.client.post(inboundSms(ctx, replica, tenant.number, { seconds: ctx.seconds, concurrency: ctx.concurrency }));
    const seconds = (monotonicMs() - started) / 1000;
    const apiCpuMs = cpuMsSince(cpuSince);
    const dbCpuMs = databaseCpuMs() - dbSince;
    const busy = machineBusy(machineSince);
    const drained = (await replica.drained()) - drainedBefore;
    const samples = depth.stop();
    const depthAtEnd = await replica.depth();
    const drainAfterMs = await untilDrained(replica);

    ctx.log(`raw driver: ${baselineSeconds(ctx)} s of insertOne at ${ctx.concurrency} in flight`);
    const rawMachineSince = machineTicks();
    const raw = await rawInserts(database.db, { seconds: baselineSeconds(ctx), concurrency: ctx.concurrency });
    const rawBusy = machineBusy(rawMachineSince);
    ctx.log(`raw driver: ${baselineSeconds(ctx)} s replaying receiveSms's commands at ${ctx.concurrency} in flight`);
    const replay = await rawReplay(database.db, { seconds: baselineSeconds(ctx), concurrency: ctx.concurrency, accountId: tenant.accountId });

    const ackedPerSecond = posted.acked / seconds;
    const drainedPerSecond = drained / seconds;
    const rate = Math.min(ackedPerSecond, drainedPerSecond);
    const ratio = rate / raw.perSecond;
    const trend = slope(samples);
    const maxDepth = Math.max(0, ...samples.map((s) => s.y));
    // A backlog that does not grow: its trend over the run stays under 1 % of the rate (or 1 event/s).
    const flat = trend <= Math.max(1, 0.01 * rate);
    return {
      rows: [
        {
          scenario: `ingest: inbound webhooks/s acknowledged and drained (${ctx.concurrency} in flight, ${Math.round(seconds)} s)`,
          measured: `${fmt(ackedPerSecond)} acked/s, ${fmt(drainedPerSecond)} drained/s (machine ${fmt(100 * busy, 0)} % busy)`,
          baseline: `raw insertOne ${fmt(raw.perSecond)}/s (${ctx.concurrency} in flight; machine ${fmt(100 * rawBusy, 0)} % busy)`,
          goal: `${fmt(100 * ratio, 0)} % of raw (goal ≥ 60 %)`,
          met: ratio >= 0.6,
        },
        {
          scenario: "ingest: the same database commands without the API (raw driver replaying receiveSms's commands per webhook)",
          measured: `${fmt(drainedPerSecond)} drained/s`,
          baseline: `raw replay ${fmt(replay.perSecond)} webhooks/s (${ctx.concurrency} in flight)`,
          goal: `${fmt((100 * drainedPerSecond) / replay.perSecond, 0)} % of the replay (what is ours)`,
          met: null,
        },
        {
          scenario: "ingest: backlog (queue depth) over the run",
          measured: `${samples[0]?.y ?? 0} → ${depthAtEnd} (max ${maxDepth}), trend ${fmt(trend)}/s; drained ${fmt(drainAfterMs / 1000)} s after`,
          baseline: "—",
          goal: "does not grow",
          met: flat,
        },
      ],
      data: {
        engine: database.engine,
        concurrency: ctx.concurrency,
        customers: ctx.customers,
        seconds: round(seconds),
        webhooks: posted,
        ackedPerSecond: round(ackedPerSecond, 1),
        drained,
        drainedPerSecond: round(drainedPerSecond, 1),
        apiCpuMsPerWebhook: round(apiCpuMs / Math.max(1, drained), 3),
        databaseCpuMsPerWebhook: round(dbCpuMs / Math.max(1, drained), 3),
        machineBusy: round(busy, 3),
        rawMachineBusy: round(rawBusy, 3),
        depth: { samples, trendPerSecond: round(trend, 3), max: maxDepth, atEnd: depthAtEnd, drainAfterMs },
        raw,
        replay,
        ratioToRaw: round(ratio, 3),
      },
    };
  } finally {
    await replica.close();
    await database.close();
  }
}
