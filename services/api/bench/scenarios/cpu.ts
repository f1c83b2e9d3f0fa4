/**
 * cpu: the API's CPU time and database round trips per inbound webhook, over a closed-loop run at BENCH_CONCURRENCY
 * (half of BENCH_SECONDS). The load generator is a child process, so process.cpuUsage() here is the API's alone
 * (HTTP, signature, queue, drainer, domain, driver, events, logging at info into /dev/null). Round trips come from
 * the driver's command monitoring, by command and collection; the lease's (`locks`) are counted apart. Baseline: the
 * raw driver's CPU time per insertOne, and its one round trip.
 */
import { createTenant, openBenchDatabase, startReplica } from "../shared/app.js";
import { warmupSeconds, baselineSeconds, type BenchContext } from "../shared/context.js";
import { profiled, profiling } from "../shared/profile.js";
import { rawInserts, rawReplay } from "../shared/raw.js";
import { fmt, type ScenarioResult } from "../shared/report.js";
import { countRoundTrips, perEvent } from "../shared/round-trips.js";
import { cpuMsSince, monotonicMs, round } from "../shared/stats.js";
import { databaseCpuMs, machineBusy, machineTicks } from "../shared/system.js";
import { inboundSms, untilDrained } from "../shared/webhooks.js";

export async function cpu(ctx: BenchContext): Promise<ScenarioResult> {
  const database = await openBenchDatabase("cpu");
  const replica = await startReplica({ redisUrl: ctx.redisUrl });
  const trips = countRoundTrips(database.client);
  try {
    const tenant = await createTenant("cpu");
    ctx.log(`warm-up ${warmupSeconds(ctx)} s`);
    await ctx.client.post(inboundSms(ctx, replica, tenant.number, { seconds: warmupSeconds(ctx), concurrency: ctx.concurrency }));
    await untilDrained(replica);

    const seconds = Math.max(5, Math.round(ctx.seconds / 2));
    ctx.log(`${seconds} s at ${ctx.concurrency} in flight${profiling("cpu") ? ", profiled" : ""}`);
    const drainedBefore = await replica.drained();
    trips.take();
    const since = process.cpuUsage();
    const dbSince = databaseCpuMs();
    const machineSince = machineTicks();
    const started = monotonicMs();
    const { value: posted, profile } = await profiled("cpu", () =>
      ctx.client.post(inboundSms(ctx, replica, tenant.number, { seconds, concurrency: ctx.concurrency })),
    );
    await untilDrained(replica);
    const split = process.cpuUsage(since);
    const cpuMs = cpuMsSince(since);
    const dbCpuMs = databaseCpuMs() - dbSince;
    const busy = machineBusy(machineSince);
    const wallMs = monotonicMs() - started;
    const counted = trips.take();
    const webhooks = (await replica.drained()) - drainedBefore;
    const per = perEvent(counted, webhooks);
    const cpuPerWebhook = cpuMs / webhooks;

    ctx.log(`raw driver: ${baselineSeconds(ctx)} s of insertOne at ${ctx.concurrency} in flight`);
    trips.take();
    const rawDbSince = databaseCpuMs();
    const raw = await rawInserts(database.db, { seconds: baselineSeconds(ctx), concurrency: ctx.concurrency });
    const rawDbCpuPerInsert = (databaseCpuMs() - rawDbSince) / raw.inserts;
    const dbCpuPerWebhook = dbCpuMs / webhooks;
    const rawTrips = perEvent(trips.take(), raw.inserts);
    const replayDbSince = databaseCpuMs();
    const replay = await rawReplay(database.db, { seconds: baselineSeconds(ctx), concurrency: ctx.concurrency, accountId: tenant.accountId });
    const replayDbCpuPerEvent = (databaseCpuMs() - replayDbSince) / replay.events;
    const byCollection = Object.entries(per.byCommand)
      .filter(([, n]) => n >= 0.01)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    return {
      rows: [
        {
          scenario: "cpu: API CPU time per inbound webhook (load generator in a child process)",
          measured: `${fmt(cpuPerWebhook, 2)} ms (${fmt(webhooks)} webhooks; ${fmt((100 * cpuMs) / wallMs, 0)} % of a core, machine ${fmt(100 * busy, 0)} % busy)${profile ? ", profiled" : ""}`,
          baseline: `raw insertOne ${fmt(raw.cpuMsPerInsert, 2)} ms; raw replay of its ${replay.roundTripsPerEvent} commands ${fmt(replay.cpuMsPerEvent, 2)} ms`,
          goal: `${fmt(cpuPerWebhook / replay.cpuMsPerEvent, 1)}× the replay (goal ≤ 1 ms)`,
          met: cpuPerWebhook <= 1,
        },
        {
          scenario: "cpu: database round trips per webhook, without the lease",
          measured: `${per.work} (${byCollection})`,
          baseline: `raw insertOne ${rawTrips.total}`,
          goal: "goal ≤ 3 (MongoDB semantics)",
          met: per.work <= 3,
        },
        {
          scenario: "cpu: database CPU time per webhook (FerretDB + PostgreSQL processes machine-wide, from /proc)",
          measured: `${fmt(dbCpuPerWebhook, 2)} ms (${fmt(dbCpuPerWebhook / per.total, 2)} ms a round trip)`,
          baseline: `raw insertOne ${fmt(rawDbCpuPerInsert, 2)} ms; raw replay ${fmt(replayDbCpuPerEvent, 2)} ms`,
          goal: `${fmt(dbCpuPerWebhook / replayDbCpuPerEvent, 1)}× the replay (the database's part)`,
          met: null,
        },
        {
          scenario: "cpu: the lease's round trips per webhook (locks, FerretDB's lack of isolation)",
          measured: String(per.lease),
          baseline: "—",
          goal: "counted apart",
          met: null,
        },
      ],
      data: {
        engine: database.engine,
        seconds,
        webhooks,
        posted,
        apiCpuMs: round(cpuMs, 1),
        apiCpuMsPerWebhook: round(cpuPerWebhook, 4),
        apiCpuMsPerWebhookUserSystem: [round(split.user / 1000 / webhooks, 4), round(split.system / 1000 / webhooks, 4)],
        apiCoreShare: round(cpuMs / wallMs, 3),
        databaseCpuMsPerWebhook: round(dbCpuPerWebhook, 3),
        rawDatabaseCpuMsPerInsert: round(rawDbCpuPerInsert, 3),
        replayDatabaseCpuMsPerEvent: round(replayDbCpuPerEvent, 3),
        machineBusy: round(busy, 3),
        loadGeneratorCpuMsPerWebhook: round(posted.cpuMs / Math.max(1, posted.acked), 4),
        roundTripsPerWebhook: per,
        roundTrips: counted,
        raw,
        rawRoundTripsPerInsert: rawTrips,
        replay,
        ...(profile && { profile }),
      },
    };
  } finally {
    trips.stop();
    await replica.close();
    await database.close();
  }
}
