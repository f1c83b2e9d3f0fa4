import type { DurableQueue, QueuedEvent } from "./durable-queue.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";

/** What applying an event did ("stored", "duplicate", "updated", ...), for metrics and the webhook's answer. */
export type Applied = { outcome: string; answer?: string };

export interface IngestHandler {
  apply(payload: unknown): Promise<Applied>;
  /**
   * Applies several events of this kind at once (bulk writes), in their order; one result or error per event. The
   * drainer hands each batch's events of the kind to it in one call, instead of lane by lane.
   */
  applyBatch?(payloads: unknown[]): Promise<(Applied | Error)[]>;
}

/** How an event's webhook ends: applied, refused for good (a 4xx), or durable and waiting for the database. */
export type Settlement = { state: "applied"; applied: Applied } | { state: "rejected"; error: unknown } | { state: "queued" };

export interface DrainerOptions {
  queue: DurableQueue;
  logger: Logger;
  metrics: Metrics;
  /** An error that no retry can cure (bad input, nothing owns it): the event is parked and its webhook refused. */
  isPermanent(err: unknown): boolean;
  /** Whether the database answers; while it does not, failures are never counted against an event. */
  databaseUp(): boolean;
  batchSize?: number;
  /** Order keys applied at once within a batch. */
  concurrency?: number;
  /** After this many failures while the database answers, an event is parked as poison. */
  maxAttempts?: number;
}

const MAX_BACKOFF_MS = 2_000;

/**
 * Applies the durable queue's events to the database: oldest first, in arrival order per order key (a
 * conversation), different keys in parallel, up to `batchSize` at a time. An event leaves the queue only once applied
 * (handlers are idempotent, so a crash between applying and removing re-applies harmlessly). While the database is
 * unreachable nothing is lost: events stay, the drainer backs off (up to 2 s) and resumes when it answers.
 */
export class IngestDrainer {
  private readonly handlers = new Map<string, IngestHandler>();
  private readonly waiters = new Map<number, (s: Settlement) => void>();
  private running: Promise<void> | undefined;
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs = 0;
  private closed = false;

  constructor(private readonly opts: DrainerOptions) {}

  register(kind: string, handler: IngestHandler): void {
    if (this.handlers.has(kind)) throw new Error(`Ingest kind "${kind}" is registered twice.`);
    this.handlers.set(kind, handler);
  }

  /**
   * Appends durably (resolving once the event is on disk) and starts applying; `settled` says how it went (the caller
   * decides how long to wait).
   */
  async submit(kind: string, orderKey: string, payload: unknown): Promise<{ id: number; settled: Promise<Settlement> }> {
    if (!this.handlers.has(kind)) throw new Error(`No ingest handler for "${kind}".`);
    const id = await this.opts.queue.enqueue(kind, orderKey, payload);
    this.opts.metrics.queued.inc({ kind });
    const settled = new Promise<Settlement>((resolve) => this.waiters.set(id, resolve));
    this.wake();
    return { id, settled };
  }

  /** Starts draining (at start-up: what a previous process left is applied first). */
  wake(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.retryTimer) this.wake();
    });
  }

  /** Stops after the batch in flight; what is left stays queued for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.running;
    for (const resolve of this.waiters.values()) resolve({ state: "queued" });
    this.waiters.clear();
  }

  private async drain(): Promise<void> {
    const { queue, batchSize = 200 } = this.opts;
    for (;;) {
      this.again = false;
      const batch = queue.oldest(batchSize);
      if (!batch.length || this.closed) return;
      const blocked = await this.applyBatch(batch);
      if (blocked) {
        // The database (or something on its way) failed: wait, then try the oldest again.
        this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs ? this.backoffMs * 2 : 100);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.wake();
        }, this.backoffMs);
        this.retryTimer.unref();
        return;
      }
      this.backoffMs = 0;
    }
  }

  /** Applies one batch; true when an event had to stay for a later try. */
  private async applyBatch(batch: QueuedEvent[]): Promise<boolean> {
    const done: number[] = [];
    let blocked = false;
    // Kinds that write in bulk take all their events of the batch at once (their keys are theirs alone).
    const bulk = new Map<string, QueuedEvent[]>();
    const groups = new Map<string, QueuedEvent[]>();
    for (const event of batch) {
      const into = this.handlers.get(event.kind)?.applyBatch ? bulk : groups;
      const key = into === bulk ? event.kind : event.orderKey;
      into.set(key, [...(into.get(key) ?? []), event]);
    }
    const bulkWork = [...bulk].map(async ([kind, events]) => {
      let results: (Applied | Error)[];
      try {
        results = await this.handlers.get(kind)!.applyBatch!(events.map((e) => e.payload));
      } catch (err) {
        results = events.map(() => (err instanceof Error ? err : new Error(String(err))));
      }
      // A failed event blocks the later ones of its key (their order must hold); other keys go on.
      const stopped = new Set<string>();
      for (const [i, event] of events.entries()) {
        const result = results[i];
        if (stopped.has(event.orderKey)) {
          this.settle(event.id, { state: "queued" });
          continue;
        }
        const ok = result instanceof Error ? this.failed(event, result) : this.succeeded(event, result, done);
        if (!ok) {
          blocked = true;
          stopped.add(event.orderKey);
        }
      }
    });
    const lanes = [...groups.values()];
    const worker = async () => {
      for (let lane = lanes.shift(); lane; lane = lanes.shift()) {
        for (const [i, event] of lane.entries()) {
          const ok = await this.applyOne(event, done);
          if (!ok) {
            blocked = true;
            // Later events of this key wait behind it, in order.
            for (const later of lane.slice(i + 1)) this.settle(later.id, { state: "queued" });
            break;
          }
        }
      }
    };
    await Promise.all([...bulkWork, ...Array.from({ length: Math.min(this.opts.concurrency ?? 16, lanes.length) }, worker)]);
    this.opts.queue.remove(done);
    return blocked;
  }

  /** Applies one event; false when it must stay queued. */
  private async applyOne(event: QueuedEvent, done: number[]): Promise<boolean> {
    const handler = this.handlers.get(event.kind);
    try {
      if (!handler) throw new Error(`No ingest handler for "${event.kind}".`);
      return this.succeeded(event, await handler.apply(event.payload), done);
    } catch (err) {
      return this.failed(event, err);
    }
  }

  private succeeded(event: QueuedEvent, applied: Applied, done: number[]): true {
    const { metrics } = this.opts;
    done.push(event.id);
    metrics.drained.inc({ kind: event.kind, outcome: applied.outcome });
    if (applied.outcome === "duplicate") metrics.duplicates.inc({ kind: event.kind });
    metrics.drainLatency.observe({ kind: event.kind }, (Date.now() - event.receivedAt) / 1000);
    this.settle(event.id, { state: "applied", applied });
    return true;
  }

  /** An event that did not apply: parked when no retry can cure it (true), else kept for later (false). */
  private failed(event: QueuedEvent, err: unknown): boolean {
    const { queue, metrics, logger } = this.opts;
    const handler = this.handlers.get(event.kind);
    const poison = !!handler && this.opts.databaseUp() && event.attempts + 1 >= (this.opts.maxAttempts ?? 20);
    if (!handler || this.opts.isPermanent(err) || poison) {
      queue.park(event.id, err instanceof Error ? err.message : String(err));
      metrics.parked.inc({ kind: event.kind });
      logger.warn({ err, kind: event.kind, eventId: event.id }, poison ? "queued event parked after repeated failures" : "queued event refused");
      this.settle(event.id, { state: "rejected", error: err });
      return true;
    }
    if (this.opts.databaseUp()) queue.attempted(event.id);
    logger.warn({ err, kind: event.kind, eventId: event.id }, "queued event not applied yet; it stays queued");
    this.settle(event.id, { state: "queued" });
    return false;
  }

  private settle(id: number, settlement: Settlement): void {
    const resolve = this.waiters.get(id);
    if (!resolve) return;
    this.waiters.delete(id);
    resolve(settlement);
  }
}
