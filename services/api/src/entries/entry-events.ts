import type { Types } from "mongoose";
import { requireViewer, type Context } from "../platform/context.js";
import type { Deps } from "../platform/deps.js";
import { notFound } from "../platform/errors.js";
import { Topic, type EntryEvent } from "../platform/pubsub.js";
import { EntryModel, type AnyEntry } from "./entry.model.js";

/** Tells the account's subscribers that an entry was created or changed (timelineUpdated). */
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
  deps.pubSub.publish(Topic.TimelineUpdated, String(entry.account_id), entryEvent(entry));
}

/** The entry an event carries (its state when it happened), else read for the subscriber's account. */
export async function loadEventEntry(ctx: Context, event: EntryEvent): Promise<AnyEntry> {
  const viewer = requireViewer(ctx);
  if (event.entry && event.accountId === String(viewer.accountId)) return event.entry as unknown as AnyEntry;
  const entry = await EntryModel.findOne({ _id: event.entryId, account_id: viewer.accountId }).lean<AnyEntry>().exec();
  if (!entry) throw notFound("entry", event.entryId);
  return entry;
}
