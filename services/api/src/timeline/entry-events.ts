import type { Types } from "mongoose";
import { requireViewer, type Context } from "../platform/context.js";
import type { Deps } from "../platform/deps.js";
import { notFound } from "../platform/errors.js";
import { leaseUnlessIsolated } from "../platform/lock.js";
import { EntryModel, type Entry } from "./entry.model.js";

/** A timeline entry was created or changed (new message, status moved, call ended...): `timelineUpdated`. */
export const TIMELINE_UPDATED = "TIMELINE_UPDATED";

export interface EntryEvent {
  accountId: string;
  contactId: string;
  entryId: string;
  /** The entry as it was when the event happened, so subscribers need no read to answer. */
  entry?: Record<string, unknown>;
}

declare module "../platform/pubsub.js" {
  interface Channels {
    [TIMELINE_UPDATED]: [accountId: string, payload: EntryEvent];
  }
}

type EventEntry = { _id: Types.ObjectId; account_id: Types.ObjectId; customer_id: Types.ObjectId };

export function entryEvent(entry: EventEntry): EntryEvent {
  return {
    accountId: String(entry.account_id),
    contactId: String(entry.customer_id),
    entryId: String(entry._id),
    entry: entry as unknown as Record<string, unknown>,
  };
}

/** Tells the account's subscribers that an entry was created or changed (timelineUpdated), with its new state. */
export function publishTimeline(deps: Deps, entry: EventEntry): void {
  deps.pubSub.publish(TIMELINE_UPDATED, String(entry.account_id), entryEvent(entry));
}

/** The entry an event carries (its state when it happened), else read for the subscriber's account. */
export async function loadEventEntry<T extends Entry = Entry>(ctx: Context, event: EntryEvent): Promise<T> {
  const viewer = requireViewer(ctx);
  if (event.entry && event.accountId === String(viewer.accountId)) return event.entry as unknown as T;
  const entry = await EntryModel.findOne({ _id: event.entryId, account_id: viewer.accountId }).lean<T>().exec();
  if (!entry) throw notFound("entry", event.entryId);
  return entry;
}

interface EntryModelLike {
  updateOne(filter: { _id: Types.ObjectId }, update: Record<string, unknown>): { exec(): Promise<unknown> };
  findById(id: Types.ObjectId): { lean<T>(): { exec(): Promise<T | null> } };
}

/**
 * Applies `update` to one entry (one atomic update on MongoDB; under its lease where updates are not isolated, since a
 * status callback may be changing it at the same moment), re-reads it and tells the timeline. Returns the entry as
 * stored after the update.
 */
export async function updateEntry<T extends EventEntry>(
  deps: Deps,
  model: EntryModelLike,
  lockKey: string,
  entry: T,
  update: Record<string, unknown>,
): Promise<T> {
  const updated = await leaseUnlessIsolated(lockKey, async () => {
    await model.updateOne({ _id: entry._id }, update).exec();
    return model.findById(entry._id).lean<T>().exec();
  });
  publishTimeline(deps, updated ?? entry);
  return updated ?? entry;
}
