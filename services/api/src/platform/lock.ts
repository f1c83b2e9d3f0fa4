import { randomUUID } from "node:crypto";
import { getModelForClass, modelOptions, prop } from "@typegoose/typegoose";
import { updatesAreIsolated } from "./database.js";
import { AppError, ErrorCode } from "./errors.js";
import { isDuplicateKey } from "./mongo-errors.js";

/**
 * A short lease on one key, held in MongoDB by a unique `_id`.
 *
 * Why: FerretDB v1 (our CI and fallback database) runs findOneAndUpdate and `$inc` as read-modify-write of the whole
 * document without isolation — measured here: 5 concurrent conditional updates all "win", and 50 concurrent `$inc`
 * leave 4. The one primitive it does enforce is a unique index. So every read-modify-write of a document that several
 * requests may touch at once (a contact's conversation state, an SMS entry's status) runs inside `withLock`, which
 * is correct on FerretDB and on MongoDB alike, and costs two small writes.
 */
@modelOptions({ schemaOptions: { collection: "locks", versionKey: false } })
class Lock {
  @prop({ required: true })
  _id: string;

  @prop({ required: true })
  owner: string;

  @prop({ required: true })
  expires_at: Date;
}

export const LockModel = getModelForClass(Lock);

const TTL_MS = 10_000;
const WAIT_MS = 8_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` while holding `key`; others wait (polling with backoff) up to 8 s. A holder that crashed loses its
 * lease after 10 s. Critical sections must stay far shorter than that: a few reads and writes, no network calls.
 */
export async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const owner = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      // Through the driver: a lease is taken and dropped on every contended write on FerretDB; mongoose's document
      // machinery cost more CPU than the insert.
      await LockModel.collection.insertOne({ _id: key as never, owner, expires_at: new Date(Date.now() + TTL_MS) });
      break;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    // A lease past its expiry belongs to a crashed holder: remove exactly that lease, then compete again.
    await LockModel.deleteOne({ _id: key, expires_at: { $lt: new Date() } }).exec();
    if (Date.now() > deadline) {
      throw new AppError(ErrorCode.CONFLICT, "This record is busy with another change; try again in a moment.", { lock: key });
    }
    await sleep(Math.min(2 + attempt * 3, 40) * (0.5 + Math.random()));
  }
  try {
    return await fn();
  } finally {
    await LockModel.collection.deleteOne({ _id: key as never, owner });
  }
}

/**
 * A lease for periodic work that one replica at a time should do: true when this caller holds `key` for the next
 * `ttlMs` (it is not released: the next round, on whichever replica, starts after it expires).
 */
export async function tryLease(key: string, ttlMs: number): Promise<boolean> {
  const take = () => LockModel.create({ _id: key, owner: randomUUID(), expires_at: new Date(Date.now() + ttlMs) });
  try {
    await take();
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const expired = await LockModel.deleteOne({ _id: key, expires_at: { $lt: new Date() } }).exec();
  if (!expired.deletedCount) return false;
  try {
    await take();
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Runs `fn` — writes that are each atomic on their own (an insert, a conditional or `$max` update, a compare-and-set
 * loop) — under `key`'s lease only where single updates are not isolated (FerretDB v1); on MongoDB it runs as is.
 */
export function leaseUnlessIsolated<T>(key: string, fn: () => Promise<T>): Promise<T> {
  return updatesAreIsolated() ? fn() : withLock(key, fn);
}

/** What an optimistic attempt returns when its guarded write matched nothing: the document changed since it was read. */
export const CHANGED = Symbol("changed");

/**
 * A read-decide-write as compare-and-set: `attempt` reads the document, decides, and writes with a filter on what it
 * read (the fields it decided from), returning CHANGED when that write matched nothing; it is then run again. On
 * MongoDB the guarded update is atomic, so no lease is taken (two round trips saved); on FerretDB v1, whose updates
 * are not isolated, each attempt runs inside `withLock` — the same code, so the tested path is the one that runs.
 */
export async function optimistic<T>(key: string, attempt: () => Promise<T | typeof CHANGED>): Promise<T> {
  for (let tries = 0; tries < 20; tries++) {
    const result = updatesAreIsolated() ? await attempt() : await withLock(key, attempt);
    if (result !== CHANGED) return result;
  }
  throw new AppError(ErrorCode.CONFLICT, "This record is busy with another change; try again in a moment.", { lock: key });
}
