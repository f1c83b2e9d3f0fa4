/**
 * outage: 100 inbound webhooks/s (open loop) against a database this scenario can kill — its own FerretDB on the
 * SQLite backend (test/killable-database.ts; .data/bin/ferretdb) — killed (SIGKILL) for BENCH_SECONDS in the middle
 * of the burst, then restarted on the same data. Every MessageSid answered 200 must be stored exactly once. Drain
 * time: from the restart until the backlog is back to what it was before the kill. Baselines: the time the raw driver
 * (16 in flight, as the drainer's lanes, same database) needs for the peak backlog, replaying receiveSms's commands
 * (rawReplay), and as single inserts.
 */
import mongoose from "mongoose";
import { ferretdbAvailable, startKillableDatabase } from "../../test/killable-database.js";
import { createTenant, openBenchDatabase, startReplica } from "../shared/app.js";
import type { BenchContext } from "../shared/context.js";
import { rawInserts, rawReplay } from "../shared/raw.js";
import { fmt, type ScenarioResult } from "../shared/report.js";
import { monotonicMs, round, sleep } from "../shared/stats.js";
import { inboundSms, sampleDepth } from "../shared/webhooks.js";

const RATE = 100;
/**
 * Senders (contacts) of the burst: FerretDB v1 scans a collection for every query, so the time an event takes grows
 * with the account's contacts; 20 keeps the drain of a 60 s backlog within the run (ingest measures 200).
 */
const CUSTOMERS = Number(process.env.BENCH_OUTAGE_CUSTOMERS ?? 20);
/** The drainer's lanes in parallel (IngestDrainer's default concurrency). */
const DRAIN_LANES = 16;

export async function outage(ctx: BenchContext): Promise<ScenarioResult> {
  if (!ferretdbAvailable) throw new Error("the outage scenario needs .data/bin/ferretdb (npm run ferretdb:install)");
  const down = ctx.seconds;
  const edge = Math.max(3, Math.round(ctx.seconds / 6));
  const killable = await startKillableDatabase();
  try {
    const database = await openBenchDatabase("outage", killable.uri);
    const replica = await startReplica({ redisUrl: ctx.redisUrl });
    try {
      const tenant = await createTenant("outage");
      ctx.log(`${RATE} webhooks/s for ${edge + down + edge} s; the database down from ${edge} s to ${edge + down} s`);
      const depth = sampleDepth(replica, 250);
      const started = monotonicMs();
      const posting = ctx.client.post(
        inboundSms({ ...ctx, customers: CUSTOMERS }, replica, tenant.number, { seconds: edge + down + edge, rate: RATE, keepSids: true }),
      );
      await sleep(edge * 1000);
      const before = Math.max(0, ...depth.samples.map((s) => s.y));
      await killable.kill();
      const killedAt = monotonicMs();
      await sleep(Math.max(0, killedAt + down * 1000 - monotonicMs()));
      await killable.restart();
      const restartedAt = monotonicMs();
      ctx.log("database back");
      // Drained: the backlog back to its level before the kill (the load goes on meanwhile), then to empty after it.
      let drainedAt: number | undefined;
      while (drainedAt === undefined) {
        if ((await replica.depth()) <= before + 5) drainedAt = monotonicMs();
        else if (monotonicMs() - restartedAt > 600_000) throw new Error("the backlog did not drain in 10 minutes");
        else await sleep(100);
      }
      const webhooks = await posting;
      while ((await replica.depth()) > 0) await sleep(100);
      const samples = depth.stop();
      const peak = Math.max(0, ...samples.map((s) => s.y));

      const entries = await database.db
        .collection("entries")
        .find({ account_id: new mongoose.Types.ObjectId(tenant.accountId), _type: "SmsEntry" }, { projection: { message_sid: 1 } })
        .toArray();
      const stored = new Set(entries.map((e) => e.message_sid as string));
      const lost = webhooks.ackedSids!.filter((sid) => !stored.has(sid)).length;
      const duplicated = entries.length - stored.size;
      const parked = (await replica.server.deps.metrics.parked.get()).values.reduce((s, v) => s + v.value, 0);
      const refused = Object.values(webhooks.failed).reduce((s, n) => s + n, 0);
      const drainSeconds = (drainedAt - restartedAt) / 1000;

      ctx.log(`raw driver: ${edge} s of insertOne, then of receiveSms's commands, at ${DRAIN_LANES} in flight`);
      const raw = await rawInserts(database.db, { seconds: edge, concurrency: DRAIN_LANES });
      const replay = await rawReplay(database.db, { seconds: edge, concurrency: DRAIN_LANES, accountId: tenant.accountId });
      const rawSeconds = peak / raw.perSecond;
      const replaySeconds = peak / replay.perSecond;
      return {
        rows: [
          {
            scenario: `outage: ${down} s database outage (SIGKILL) in a sustained ${RATE}/s burst (${CUSTOMERS} senders, FerretDB on SQLite)`,
            measured: `lost ${lost}, duplicated ${duplicated} (${fmt(webhooks.acked)} acknowledged, ${refused} refused, ${parked} parked)`,
            baseline: `${fmt(webhooks.sent)} sent`,
            goal: "lost 0, duplicated 0",
            met: lost === 0 && duplicated === 0 && refused === 0,
          },
          {
            scenario: "outage: drain time after recovery",
            measured: `${fmt(drainSeconds, 1)} s for a backlog of ${fmt(peak)} (${fmt(peak / Math.max(0.1, drainSeconds))}/s net, load still coming)`,
            baseline: `raw replay of its commands: ${fmt(replaySeconds, 1)} s (${fmt(replay.perSecond)}/s); raw insertOne: ${fmt(rawSeconds, 1)} s`,
            goal: `${fmt(drainSeconds / replaySeconds, 1)}× the replay`,
            met: null,
          },
        ],
        data: {
          engine: `${database.engine} (SQLite backend, killable)`,
          rate: RATE,
          customers: CUSTOMERS,
          outageSeconds: down,
          edgeSeconds: edge,
          webhooks: { ...webhooks, ackedSids: webhooks.ackedSids!.length },
          stored: entries.length,
          lost,
          duplicated,
          parked,
          refused,
          backlog: { beforeKill: before, peak, samples },
          killedAtSeconds: round((killedAt - started) / 1000),
          restartedAtSeconds: round((restartedAt - started) / 1000),
          drainSeconds: round(drainSeconds, 2),
          raw,
          rawSecondsForPeak: round(rawSeconds, 2),
          replay,
          replaySecondsForPeak: round(replaySeconds, 2),
        },
      };
    } finally {
      await replica.close();
      await database.close();
    }
  } finally {
    await killable.stop();
  }
}
