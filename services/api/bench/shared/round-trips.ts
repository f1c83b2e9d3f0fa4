import type mongoose from "mongoose";
import { round } from "./stats.js";

/** The lease collection (platform/lock.ts): its round trips are counted apart from the work's. */
const LEASE_COLLECTION = "locks";

export interface RoundTrips {
  total: number;
  /** Everything but the lease. */
  work: number;
  lease: number;
  /** By "command collection", e.g. "insert entries". */
  byCommand: Record<string, number>;
}

/**
 * Counts every command the driver sends (command monitoring: the connection must be opened with monitorCommands), by
 * command and collection. `take()` returns what was counted since the last take.
 */
export function countRoundTrips(client: mongoose.mongo.MongoClient) {
  let counts = new Map<string, number>();
  const listener = (e: mongoose.mongo.CommandStartedEvent) => {
    const target = e.command[e.commandName];
    const collection = typeof target === "string" ? target : typeof e.command.collection === "string" ? e.command.collection : e.databaseName;
    const key = `${e.commandName} ${collection}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  client.on("commandStarted", listener);
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
      return { total, work: total - lease, lease, byCommand: Object.fromEntries([...taken].sort((a, b) => b[1] - a[1])) };
    },
    stop: () => client.off("commandStarted", listener),
  };
}

/** Round trips divided by `n` events. */
export function perEvent(trips: RoundTrips, n: number): RoundTrips {
  const d = (x: number) => round(x / Math.max(1, n), 3);
  return {
    total: d(trips.total),
    work: d(trips.work),
    lease: d(trips.lease),
    byCommand: Object.fromEntries(Object.entries(trips.byCommand).map(([k, v]) => [k, d(v)])),
  };
}
