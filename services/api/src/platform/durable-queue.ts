import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/** One queued event: what to do (`kind`), in which order (`orderKey`: events of one key apply in arrival order). */
export interface QueuedEvent {
  id: number;
  kind: string;
  orderKey: string;
  payload: unknown;
  receivedAt: number;
  attempts: number;
}

interface PendingAppend {
  kind: string;
  orderKey: string;
  payload: string;
  receivedAt: number;
  resolve(id: number): void;
  reject(err: unknown): void;
}

/**
 * A crash-safe, append-only queue on this replica's disk: SQLite in WAL mode with synchronous=FULL, so an append has
 * reached the disk when `enqueue` resolves (a webhook may then be acknowledged). Events leave only through `remove`,
 * after whoever applied them says so; `park` sets aside one that can never apply (kept for inspection).
 *
 * Group commit: `enqueue` gathers the appends of one turn of the event loop (every request that arrived meanwhile,
 * including those that waited behind the previous disk sync) into one transaction, so one fsync makes them all
 * durable instead of one each.
 */
export class DurableQueue {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly bump: Database.Statement;
  private readonly counts: Database.Statement;
  private readonly parkedCount: Database.Statement;
  private pending: PendingAppend[] = [];
  private readonly appendAll: (batch: PendingAppend[]) => number[];

  constructor(file: string) {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        order_key TEXT NOT NULL,
        payload TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS parked (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        order_key TEXT NOT NULL,
        payload TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        reason TEXT NOT NULL,
        parked_at INTEGER NOT NULL
      );
    `);
    this.insert = this.db.prepare("INSERT INTO events (kind, order_key, payload, received_at) VALUES (?, ?, ?, ?)");
    this.select = this.db.prepare("SELECT id, kind, order_key, payload, received_at, attempts FROM events ORDER BY id LIMIT ?");
    this.bump = this.db.prepare("UPDATE events SET attempts = attempts + 1 WHERE id = ?");
    this.counts = this.db.prepare("SELECT COUNT(*) AS depth, MIN(received_at) AS oldest FROM events");
    this.parkedCount = this.db.prepare("SELECT COUNT(*) AS n FROM parked");
    this.appendAll = this.db.transaction((batch: PendingAppend[]) =>
      batch.map((e) => Number(this.insert.run(e.kind, e.orderKey, e.payload, e.receivedAt).lastInsertRowid)),
    );
  }

  /** Appends durably, committed with the other appends of this turn of the event loop; resolves with the event's id. */
  enqueue(kind: string, orderKey: string, payload: unknown, receivedAt = Date.now()): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      if (!this.pending.length) setImmediate(() => this.flush());
      this.pending.push({ kind, orderKey, payload: JSON.stringify(payload), receivedAt, resolve, reject });
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    let ids: number[];
    try {
      ids = this.appendAll(batch);
    } catch (err) {
      for (const e of batch) e.reject(err);
      return;
    }
    batch.forEach((e, i) => e.resolve(ids[i]));
  }

  /** The oldest `limit` events, in arrival order. */
  oldest(limit: number): QueuedEvent[] {
    return (this.select.all(limit) as { id: number; kind: string; order_key: string; payload: string; received_at: number; attempts: number }[]).map(
      (r) => ({ id: r.id, kind: r.kind, orderKey: r.order_key, payload: JSON.parse(r.payload), receivedAt: r.received_at, attempts: r.attempts }),
    );
  }

  /** Removes applied events, in one transaction. */
  remove(ids: number[]): void {
    if (!ids.length) return;
    const del = this.db.prepare(`DELETE FROM events WHERE id IN (${ids.map(() => "?").join(",")})`);
    del.run(...ids);
  }

  attempted(id: number): void {
    this.bump.run(id);
  }

  /** Moves an event that can never apply out of the queue, with why. */
  park(id: number, reason: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT OR REPLACE INTO parked (id, kind, order_key, payload, received_at, attempts, reason, parked_at) SELECT id, kind, order_key, payload, received_at, attempts, ?, ? FROM events WHERE id = ?",
        )
        .run(reason.slice(0, 1000), Date.now(), id);
      this.db.prepare("DELETE FROM events WHERE id = ?").run(id);
    })();
  }

  /** How many events wait, and when the oldest arrived (undefined when none). */
  stats(): { depth: number; oldestReceivedAt?: number; parked: number } {
    const row = this.counts.get() as { depth: number; oldest: number | null };
    const parked = (this.parkedCount.get() as { n: number }).n;
    return { depth: row.depth, oldestReceivedAt: row.oldest ?? undefined, parked };
  }

  close(): void {
    if (this.pending.length && this.db.open) this.flush();
    if (this.db.open) this.db.close();
  }
}
