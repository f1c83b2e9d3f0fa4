import { Types } from "mongoose";
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from "../platform/connection.js";
import { badInput, notFound } from "../platform/errors.js";
import { parseObjectId } from "../platform/object-id.js";
import { ENTRY_KIND_OF_TYPE, type EntryType } from "./entry.enums.js";
import { EntryModel, type Entry } from "./entry.model.js";

export interface TimelineArgs {
  first?: number | null;
  after?: string | null;
  types?: EntryType[] | null;
}

/**
 * A contact's entries, newest first, by `_id` (its creation time for every writer, legacy documents included):
 * one indexed range query on {account_id, customer_id, _id: -1}, so a page costs the same on any timeline length.
 */
export async function timeline(accountId: Types.ObjectId, contactId: Types.ObjectId, args: TimelineArgs): Promise<Connection<Entry>> {
  const limit = pageSize(args.first);
  const filter: Record<string, unknown> = { account_id: accountId, customer_id: contactId };
  if (args.types) {
    if (args.types.length === 0) throw badInput("`types` cannot be empty: omit it for every kind of entry.", "types");
    filter._type = { $in: args.types.map((t) => ENTRY_KIND_OF_TYPE[t]) };
  }
  if (args.after) {
    const [id] = decodeCursor("entry", args.after);
    if (typeof id !== "string" || !/^[0-9a-f]{24}$/i.test(id)) decodeCursor("entry", "");
    filter._id = { $lt: new Types.ObjectId(id as string) };
  }
  const rows = await EntryModel.find(filter)
    .sort({ _id: -1 })
    .limit(limit + 1)
    .lean<Entry[]>()
    .exec();
  return toConnection(rows, limit, (e) => encodeCursor("entry", [String(e._id)]));
}

export async function getEntry(accountId: Types.ObjectId, id: string): Promise<Entry> {
  const _id = parseObjectId(id, "entry id", "id");
  const entry = await EntryModel.findOne({ _id, account_id: accountId }).lean<Entry>().exec();
  if (!entry) throw notFound("entry", id);
  return entry;
}
