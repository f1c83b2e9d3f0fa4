import { Types } from "mongoose";
import { badInput, quote } from "./errors.js";

/** Parses a client-supplied id; a malformed one is the caller's mistake, said in words. */
export function parseObjectId(value: string, what = "id", field?: string): Types.ObjectId {
  if (typeof value !== "string" || !/^[0-9a-fA-F]{24}$/.test(value)) {
    throw badInput(`${quote(value)} is not a valid ${what}: ids are 24 hexadecimal characters.`, field);
  }
  return new Types.ObjectId(value);
}

/**
 * A new, unique ObjectId whose time is `at` (its first 4 bytes; the other 8 stay the driver's random and counter):
 * a document written late (drained from a queue) still sorts, and reads its creation time, as when it happened.
 */
export function objectIdAt(at: Date): Types.ObjectId {
  const bytes = Buffer.from(new Types.ObjectId().id);
  bytes.writeUInt32BE(Math.floor(at.getTime() / 1000), 0);
  return new Types.ObjectId(bytes);
}
