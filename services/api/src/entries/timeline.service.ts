import { Types } from "mongoose";
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from "../platform/connection.js";
import { badInput, notFound } from "../platform/errors.js";
import { parseObjectId } from "../platform/object-id.js";
import { ENTRY_KIND_OF_TYPE, type EntryType } from "./entry.enums.js";
import { EntryModel, type AnyEntry } from "./entry.model.js";

export interface TimelineArgs {
  first?: number | null;
  after?: string | null;
  types?: EntryType[] | null;
}

/**
 * A contact's entries, newest first, by `_id` (its creation time for every writer, legacy documents included):
 * one indexed range query on {account_id, customer_id, _id: -1}, so a page costs the same on any timeline length.
 */
export async function timeline(accountId: Types.ObjectId, contactId: Types.ObjectId, args: TimelineArgs): Promise<Connection<AnyEntry>> {
  const limit = pageSize(args.first);
  const filter: Record<string, unknown> = { account_id: accountId, customer_id: contactId };
  if (args.types) {
    if (args.types.length === 0) throw badInput("`types` cannot be empty: omit it for every kind of entry.", "types");
    filter._type = { $in: args.types.map((t) => ENTRY_KIND_OF_TYPE[t]) };
  }
  if (args.after) {
    const [id] = decodeCursor("entry", args.after);
    if (typeof id !== "string" || !Types.ObjectId.isValid(id)) decodeCursor("entry", "");
    filter._id = { $lt: new Types.ObjectId(id as string) };
  }
  const rows = await EntryModel.find(filter)
    .sort({ _id: -1 })
    .limit(limit + 1)
    .lean<AnyEntry[]>()
    .exec();
  return toConnection(rows, limit, (e) => encodeCursor("entry", [String(e._id)]));
}

export async function getEntry(accountId: Types.ObjectId, id: string): Promise<AnyEntry> {
  const _id = parseObjectId(id, "entry id", "id");
  const entry = await EntryModel.findOne({ _id, account_id: accountId }).lean<AnyEntry>().exec();
  if (!entry) throw notFound("entry", id);
  return entry;
}

/** Seconds as an Int, from a number or a legacy string such as "38". */
export function durationSeconds(value: unknown): number | null {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(String(value).trim());
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}
