import type { Types } from "mongoose";
import type { Viewer } from "../platform/context.js";
import { AppError, badInput, ErrorCode, notFound, quote } from "../platform/errors.js";
import { withLock } from "../platform/lock.js";
import { isDuplicateKey } from "../platform/mongo-errors.js";
import { parseObjectId } from "../platform/object-id.js";
import { CannedReplyModel, type CannedReply } from "./canned-reply.model.js";
import { checkVariables } from "./template.js";

/** A canned reply's fields as a client sends them: omitted (undefined) stays; a null shortcut removes it. */
export interface CannedReplyFields {
  title?: string | null;
  body?: string | null;
  shortcut?: string | null;
}

/** How many canned replies an account keeps at most: the composer's list is read whole, so it stays bounded. */
export const MAX_CANNED_REPLIES = 500;
const MAX_TITLE = 80;
/** An SMS's longest (code points, as sendSms counts them): a reply longer than that could never be sent. */
const MAX_BODY = 1600;
const SHORTCUT = /^\/[a-z0-9_-]{1,30}$/;

const shortcutKey = (accountId: Types.ObjectId, shortcut: string) => `${String(accountId)}:${shortcut}`;

/** Trimmed, 1 to `max` characters, its variables known. */
function checkedText(value: string, max: number, what: "title" | "body"): string {
  const text = value.trim();
  if (!text)
    throw badInput(what === "title" ? "Give the canned reply a title: it is empty." : "Write the canned reply's text: the body is empty.", what);
  const length = [...text].length;
  if (length > max) throw badInput(`The ${what} has ${length} characters; a canned reply's ${what} holds at most ${max}.`, what);
  checkVariables(text, `the ${what}`, what);
  return text;
}

/** `/later` in lower case (the slash may be left out); empty: none. */
function checkedShortcut(value: string): string | null {
  const typed = value.trim().toLowerCase();
  if (!typed) return null;
  const shortcut = typed.startsWith("/") ? typed : `/${typed}`;
  if (!SHORTCUT.test(shortcut)) {
    throw badInput(`${quote(value.trim())} is not a shortcut: a slash, then 1 to 30 letters, digits, "-" or "_", like /later.`, "shortcut");
  }
  return shortcut;
}

/** The fields to store, checked; only those sent (null title or body: unchanged, null shortcut: removed). */
function checkedFields(input: CannedReplyFields) {
  return {
    title: typeof input.title === "string" ? checkedText(input.title, MAX_TITLE, "title") : undefined,
    body: typeof input.body === "string" ? checkedText(input.body, MAX_BODY, "body") : undefined,
    shortcut: typeof input.shortcut === "string" ? checkedShortcut(input.shortcut) : input.shortcut === null ? null : undefined,
  };
}

/** A duplicate shortcut as a sentence naming the reply that has it; any other error as it was. */
async function asShortcutConflict(err: unknown, accountId: Types.ObjectId, shortcut: string | null | undefined): Promise<unknown> {
  if (!shortcut || !isDuplicateKey(err)) return err;
  const holder = await CannedReplyModel.findOne({ shortcut_key: shortcutKey(accountId, shortcut) }, { title: 1 })
    .lean()
    .exec();
  const whose = holder ? `the canned reply ${quote(holder.title)}` : "another canned reply";
  const message = `The shortcut ${shortcut} is already taken by ${whose}: choose another, or remove it from that reply first.`;
  return new AppError(ErrorCode.CONFLICT, message, { field: "shortcut" });
}

/** The account's canned replies by title (then age): every one of them, as the composer needs the whole list. */
export function listCannedReplies(accountId: Types.ObjectId): Promise<CannedReply[]> {
  return CannedReplyModel.find({ account_id: accountId }).sort({ title: 1, _id: 1 }).limit(MAX_CANNED_REPLIES).lean<CannedReply[]>().exec();
}

/**
 * Adds a canned reply, refused once the account has 500. The count and the insert run under the account's lease, so
 * concurrent creations cannot pass the cap together; the unique index refuses a shortcut the account already uses.
 */
export async function createCannedReply(viewer: Viewer, input: { title: string; body: string; shortcut?: string | null }): Promise<CannedReply> {
  const { title, body, shortcut } = checkedFields(input);
  const accountId = viewer.accountId;
  return withLock(`canned-replies:${String(accountId)}`, async () => {
    const count = await CannedReplyModel.countDocuments({ account_id: accountId }, { limit: MAX_CANNED_REPLIES }).exec();
    if (count >= MAX_CANNED_REPLIES) {
      throw badInput(`Your account has ${MAX_CANNED_REPLIES} canned replies, the most it can keep: delete one you no longer use first.`);
    }
    try {
      const doc = await CannedReplyModel.create({
        account_id: accountId,
        title,
        body,
        ...(shortcut ? { shortcut, shortcut_key: shortcutKey(accountId, shortcut) } : {}),
        created_by_agent_id: viewer.agentId,
      });
      return doc.toObject();
    } catch (err) {
      throw await asShortcutConflict(err, accountId, shortcut);
    }
  });
}

/** One canned reply of the account, or NOT_FOUND (another account's too). */
async function getCannedReply(accountId: Types.ObjectId, id: string): Promise<CannedReply> {
  const reply = await CannedReplyModel.findOne({ _id: parseObjectId(id, "canned reply id", "id"), account_id: accountId })
    .lean<CannedReply>()
    .exec();
  if (!reply) throw notFound("canned reply", id);
  return reply;
}

/** Changes the fields sent; a null shortcut removes it. One update: the unique index refuses a shortcut in use. */
export async function updateCannedReply(accountId: Types.ObjectId, id: string, input: CannedReplyFields): Promise<CannedReply> {
  const _id = parseObjectId(id, "canned reply id", "id");
  const { title, body, shortcut } = checkedFields(input);
  const $set: Record<string, string> = {};
  if (title !== undefined) $set.title = title;
  if (body !== undefined) $set.body = body;
  if (shortcut) Object.assign($set, { shortcut, shortcut_key: shortcutKey(accountId, shortcut) });
  const $unset = shortcut === null ? { shortcut: 1, shortcut_key: 1 } : undefined;
  if (!Object.keys($set).length && !$unset) return getCannedReply(accountId, id);
  let updated: CannedReply | null;
  try {
    updated = await CannedReplyModel.findOneAndUpdate(
      { _id, account_id: accountId },
      { $set, ...($unset ? { $unset } : {}) },
      { returnDocument: "after" },
    )
      .lean<CannedReply>()
      .exec();
  } catch (err) {
    throw await asShortcutConflict(err, accountId, shortcut);
  }
  if (!updated) throw notFound("canned reply", id);
  return updated;
}

/** Deletes a canned reply and answers its id; one that is not there (deleted already, another account's) is NOT_FOUND. */
export async function deleteCannedReply(accountId: Types.ObjectId, id: string): Promise<string> {
  const _id = parseObjectId(id, "canned reply id", "id");
  const { deletedCount } = await CannedReplyModel.deleteOne({ _id, account_id: accountId }).exec();
  if (!deletedCount) throw notFound("canned reply", id);
  return String(_id);
}
