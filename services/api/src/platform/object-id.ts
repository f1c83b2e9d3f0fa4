import { Types } from "mongoose";
import { badInput } from "./errors.js";

/** Parses a client-supplied id; a malformed one is the caller's mistake, said in words. */
export function parseObjectId(value: string, what = "id", field?: string): Types.ObjectId {
  if (typeof value !== "string" || !/^[0-9a-fA-F]{24}$/.test(value)) {
    throw badInput(`"${value}" is not a valid ${what}: ids are 24 hexadecimal characters.`, field);
  }
  return new Types.ObjectId(value);
}
