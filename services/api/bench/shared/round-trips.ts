import { performance } from "node:perf_hooks";
import type mongoose from "mongoose";
import { cpuMsSince, round } from "./stats.js";

/** The lease collection (platform/lock.ts): its round trips are counted apart from the work's. */
const LEASE_COLLECTION = "locks";

export interface RoundTrips {
  total: number;
  /** Everything but the lease. */
  work: number;
  lease: number;
  /** By "command collection", e.g. "insert entries". */
  byCommand: Record<string, number>;
  /** Timed: the driver's time for them (sent → answered, its own measure), by "command collection", in ms. */
  msByCommand?: Record<string, number>;
  /**
   * Timed: this process's CPU time while at least one command was in flight — the wait for the database: whatever
   * timers fired meanwhile, and the driver's copy of each reply for the monitoring events; none of the caller's work.
   */
  cpuMsWaiting?: number;
  /** Timed: when commands were in flight, [from, to] on performance.now()'s clock. */
  waits?: [number, number][];
}

type Monitored = mongoose.mongo.CommandStartedEvent | mongoose.mongo.CommandSucceededEvent | mongoose.mongo.CommandFailedEvent;

const requestOf = (e: Monitored) => `${String(e.connectionId)} ${e.requestId}`;

/**
 * Counts every command the driver sends (command monitoring: the connection must be opened with monitorCommands), by
 * command and collection; `timed`, also their durations and the CPU time spent waiting on them. `take()` returns
 * what was counted since the last take.
 */
export function countRoundTrips(client: mongoose.mongo.MongoClient, opts: { timed?: boolean } = {}) {
  let counts = new Map<string, number>();
  let durations = new Map<string, number>();
  const inFlight = new Map<string, string>();
  let waitingSince = process.cpuUsage();
  let waitingMs = 0;
  let waitStart = 0;
  let waits: [number, number][] = [];
  const started = (e: mongoose.mongo.CommandStartedEvent) => {
    const target = e.command[e.commandName];
    const collection = typeof target === "string" ? target : typeof e.command.collection === "string" ? e.command.collection : e.databaseName;
    const key = `${e.commandName} ${collection}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (!opts.timed) return;
    if (!inFlight.size) {
      waitingSince = process.cpuUsage();
      waitStart = performance.now();
    }
    inFlight.set(requestOf(e), key);
  };
  const ended = (e: mongoose.mongo.CommandSucceededEvent | mongoose.mongo.CommandFailedEvent) => {
    const key = inFlight.get(requestOf(e));
    if (key === undefined) return;
    inFlight.delete(requestOf(e));
    durations.set(key, (durations.get(key) ?? 0) + e.duration);
    if (!inFlight.size) {
      waitingMs += cpuMsSince(waitingSince);
      waits.push([waitStart, performance.now()]);
    }
  };
  client.on("commandStarted", started);
  if (opts.timed) {
    client.on("commandSucceeded", ended);
    client.on("commandFailed", ended);
  }
  return {
    take(): RoundTrips {
      const taken = counts;
      counts = new Map();
      let total = 0;
      let lease = 0;
      for (const [key, n] of taken) {
        total += n;
        if (key.endsWith(` ${LEASE_COLLECTION}`)) lease += n;
      }
      const trips: RoundTrips = { total, work: total - lease, lease, byCommand: Object.fromEntries([...taken].sort((a, b) => b[1] - a[1])) };
      if (!opts.timed) return trips;
      // A command still in flight: its wait so far belongs to this take, the rest to the next.
      if (inFlight.size) {
        waitingMs += cpuMsSince(waitingSince);
        waitingSince = process.cpuUsage();
        waits.push([waitStart, (waitStart = performance.now())]);
      }
      const timed = { ...trips, msByCommand: Object.fromEntries(durations), cpuMsWaiting: waitingMs, waits };
      durations = new Map();
      waitingMs = 0;
      waits = [];
      return timed;
    },
    stop() {
      client.off("commandStarted", started);
      client.off("commandSucceeded", ended);
      client.off("commandFailed", ended);
    },
  };
}

/** Round trips divided by `n` events. */
export function perEvent(trips: RoundTrips, n: number): RoundTrips {
  const d = (x: number) => round(x / Math.max(1, n), 3);
  const each = (byKey: Record<string, number>) => Object.fromEntries(Object.entries(byKey).map(([k, v]) => [k, d(v)]));
  return {
    total: d(trips.total),
    work: d(trips.work),
    lease: d(trips.lease),
    byCommand: each(trips.byCommand),
    ...(trips.msByCommand && { msByCommand: each(trips.msByCommand) }),
    ...(trips.cpuMsWaiting !== undefined && { cpuMsWaiting: d(trips.cpuMsWaiting) }),
    // (waits: moments, not amounts; a sum of takes has none)
  };
}
