import type { Types } from "mongoose";
import { requireViewer, type Context } from "../platform/context.js";
import type { Deps } from "../platform/deps.js";
import { notFound } from "../platform/errors.js";
import { Topic, type EntryEvent } from "../platform/pubsub.js";
import { EntryModel, type AnyEntry } from "./entry.model.js";

/** Tells the account's subscribers that an entry was created or changed (timelineUpdated). */
export function publishTimeline(deps: Deps, entry: { _id: Types.ObjectId; account_id: Types.ObjectId; customer_id: Types.ObjectId }): void {
  deps.pubSub.publish(Topic.TimelineUpdated, String(entry.account_id), {
    accountId: String(entry.account_id),
    contactId: String(entry.customer_id),
    entryId: String(entry._id),
  });
}

/** The entry an event names, read fresh for the subscriber's account. */
export async function loadEventEntry(ctx: Context, event: EntryEvent): Promise<AnyEntry> {
  const viewer = requireViewer(ctx);
  const entry = await EntryModel.findOne({ _id: event.entryId, account_id: viewer.accountId }).lean<AnyEntry>().exec();
  if (!entry) throw notFound("entry", event.entryId);
  return entry;
}
