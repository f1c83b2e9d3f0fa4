import type { Types } from "mongoose";
import { ContactModel, type Contact } from "../contacts/contact.model.js";
import { contactLockKey, getContact } from "../contacts/contact.service.js";
import type { Direction } from "../entries/entry.enums.js";
import type { Deps } from "../platform/deps.js";
import { withLock } from "../platform/lock.js";
import { Topic } from "../platform/pubsub.js";

const PREVIEW_LENGTH = 140;

export interface MessageOnContact {
  entryId: Types.ObjectId;
  body: string;
  direction: Direction;
  at: Date;
  mediaCount?: number;
}

function preview(body: string, mediaCount = 0): string {
  const text = body.replace(/\s+/g, " ").trim();
  if (!text && mediaCount) return mediaCount === 1 ? "📎 1 attachment" : `📎 ${mediaCount} attachments`;
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}

/**
 * Denormalises a message onto its contact for the inbox: last activity (never backwards), the last message (only if
 * newer than the one shown: messages may be processed out of order), the unread count, the opt-out state.
 * The caller holds the contact's lock (see withLock: FerretDB's updates are not atomic).
 */
export async function applyMessageToContact(
  accountId: Types.ObjectId,
  contact: Contact,
  message: MessageOnContact,
  opts: { unread: boolean; optedOut?: boolean },
): Promise<void> {
  const $set: Record<string, unknown> = {};
  if (!contact.last_message || contact.last_message.at <= message.at) {
    $set.last_message = {
      entry_id: message.entryId,
      preview: preview(message.body, message.mediaCount),
      direction: message.direction,
      at: message.at,
    };
  }
  if (!contact.last_activity_at || contact.last_activity_at < message.at) $set.last_activity_at = message.at;
  if (opts.unread) $set.unread_count = (contact.unread_count ?? 0) + 1;
  if (opts.optedOut !== undefined) $set.sms_opted_out = opts.optedOut;
  if (Object.keys($set).length) await ContactModel.updateOne({ _id: contact._id, account_id: accountId }, { $set }).exec();
}

/** applyMessageToContact under the contact's lock, then tells the inbox. */
export async function recordMessageOnContact(
  deps: Deps,
  accountId: Types.ObjectId,
  contactId: Types.ObjectId,
  message: MessageOnContact,
  opts: { unread: boolean; optedOut?: boolean },
): Promise<void> {
  await withLock(contactLockKey(contactId), async () => {
    const contact = await ContactModel.findOne({ _id: contactId, account_id: accountId }).lean<Contact>().exec();
    if (contact) await applyMessageToContact(accountId, contact, message, opts);
  });
  publishConversation(deps, accountId, contactId);
}

export async function setOptedOut(deps: Deps, accountId: Types.ObjectId, contactId: Types.ObjectId, optedOut: boolean): Promise<void> {
  const changed = await withLock(contactLockKey(contactId), async () => {
    const res = await ContactModel.updateOne(
      { _id: contactId, account_id: accountId, sms_opted_out: { $ne: optedOut } },
      { $set: { sms_opted_out: optedOut } },
    ).exec();
    return res.modifiedCount > 0;
  });
  if (changed) publishConversation(deps, accountId, contactId);
}

export async function markConversationRead(deps: Deps, accountId: Types.ObjectId, contactId: string): Promise<Contact> {
  const { _id } = await getContact(accountId, contactId);
  const { contact, changed } = await withLock(contactLockKey(_id), async () => {
    const current = await getContact(accountId, contactId);
    if (!current.unread_count) return { contact: current, changed: false };
    await ContactModel.updateOne({ _id, account_id: accountId }, { $set: { unread_count: 0 } }).exec();
    return { contact: { ...current, unread_count: 0 }, changed: true };
  });
  if (changed) publishConversation(deps, accountId, _id);
  return contact;
}

export function publishConversation(deps: Deps, accountId: Types.ObjectId, contactId: Types.ObjectId): void {
  deps.pubSub.publish(Topic.ConversationUpdated, String(accountId), { accountId: String(accountId), contactId: String(contactId) });
}
