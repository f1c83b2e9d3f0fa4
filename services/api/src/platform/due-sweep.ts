import { isDatabaseConnected } from "./database.js";
import { leaseUnlessIsolated } from "./lock.js";
import type { Logger } from "./logger.js";

/**
 * Work that falls due at a time stored on a document (a snooze ending, a scheduled SMS), done once per item whatever
 * the number of replicas: every replica sweeps, and an item is handled by the one whose claim — an atomic conditional
 * update that matches only while the item is still due, and makes it no longer due — matched. Where single updates
 * are not isolated (FerretDB v1) the claim runs under the item's lease, the same lease the domain's other writes to
 * that document take; on MongoDB it runs as is.
 *
 * The domain supplies what is due (a read, bounded), how to claim one item and what to do with it; this knows no
 * domain. A claim that matched but whose handler then failed is not retried (the item is no longer due): handlers
 * should be small (write an event, publish).
 */
export interface DueSweepOptions<T> {
  name: string;
  /** How often to sweep. */
  everyMs: number;
  /** The clock (tests inject one). */
  now?: () => Date;
  /** At most this many items per round (default 100). */
  batch?: number;
  /** Items due at `now`, oldest first: candidates only (another replica may claim them first). */
  findDue(now: Date, limit: number): Promise<T[]>;
  /** The lease an item's claim takes where updates are not isolated. */
  lockKey(item: T): string;
  /** Claims the item atomically: the claimed item when this call's conditional update matched, else null. */
  claim(item: T, now: Date): Promise<T | null>;
  handle(claimed: T, now: Date): Promise<void>;
  logger: Logger;
}

export interface DueSweep {
  /** One round now (what the timer runs): how many items this replica claimed and handled. */
  runOnce(): Promise<number>;
  stop(): void;
}

export function startDueSweep<T>(opts: DueSweepOptions<T>): DueSweep {
  const now = opts.now ?? (() => new Date());
  const batch = opts.batch ?? 100;
  let running: Promise<number> | null = null;

  const round = async (): Promise<number> => {
    const at = now();
    let handled = 0;
    for (const item of await opts.findDue(at, batch)) {
      const claimed = await leaseUnlessIsolated(opts.lockKey(item), () => opts.claim(item, at));
      if (!claimed) continue;
      try {
        await opts.handle(claimed, at);
        handled++;
      } catch (err) {
        opts.logger.warn({ err, sweep: opts.name }, "due sweep: a claimed item's handler failed");
      }
    }
    return handled;
  };
  // One round at a time per replica: a slow round is not overlapped by the next tick.
  const runOnce = () => (running ??= round().finally(() => (running = null)));

  const timer = setInterval(() => {
    if (!isDatabaseConnected()) return;
    runOnce().catch((err: unknown) => opts.logger.warn({ err, sweep: opts.name }, "due sweep failed; next round"));
  }, opts.everyMs);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
