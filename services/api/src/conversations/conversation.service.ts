import type { Types } from "mongoose";
import type { Contact } from "../contacts/contact.model.js";
import { contactLockKey, contactsByActivity } from "../contacts/contact.service.js";
import type { Connection } from "../platform/connection.js";
import type { Deps } from "../platform/deps.js";
import { notFound } from "../platform/errors.js";
import { CHANGED, optimistic } from "../platform/lock.js";
import { parseObjectId } from "../platform/object-id.js";
import type { Direction } from "../timeline/entry.enums.js";
import { ConversationModel, type Conversation } from "./conversation.model.js";

/** A contact's conversation state changed (unread count, last message, opt-out): `conversationUpdated`. */
export const CONVERSATION_UPDATED = "CONVERSATION_UPDATED";

export interface ConversationEvent {
  accountId: string;
  contactId: string;
}

declare module "../platform/pubsub.js" {
  interface Channels {
    [CONVERSATION_UPDATED]: [accountId: string, payload: ConversationEvent];
  }
}

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
 * The update is guarded on what was read (false: the contact changed, read again); on FerretDB, whose updates are
 * not isolated, the caller holds the contact's lease as well.
 */
async function applyMessageToContact(
  accountId: Types.ObjectId,
  contact: Conversation,
  message: MessageOnContact,
  opts: { unread: boolean; optedOut?: boolean },
): Promise<boolean> {
  return applyMessagesToContact(accountId, contact, [{ message, ...opts }]);
}

/**
 * The same for several messages of one contact at once (a drained batch), in their order: one update. The caller
 * holds the contact's lock.
 */
export async function applyMessagesToContact(
  accountId: Types.ObjectId,
  contact: Conversation,
  messages: { message: MessageOnContact; unread: boolean; optedOut?: boolean }[],
): Promise<boolean> {
  const $set: Record<string, unknown> = {};
  let { last_message, last_activity_at, unread_count } = contact;
  for (const { message, unread, optedOut } of messages) {
    if (!last_message || last_message.at <= message.at) {
      last_message = { entry_id: message.entryId, preview: preview(message.body, message.mediaCount), direction: message.direction, at: message.at };
      $set.last_message = last_message;
    }
    if (!last_activity_at || last_activity_at < message.at) $set.last_activity_at = last_activity_at = message.at;
    if (unread) $set.unread_count = unread_count = (unread_count ?? 0) + 1;
    else if (unread_count === undefined) $set.unread_count = unread_count = 0;
    if (optedOut !== undefined) $set.sms_opted_out = optedOut;
  }
  if (!Object.keys($set).length) return true;
  // Guarded on what was read: false when the contact changed since (the caller reads again).
  const guard = {
    unread_count: contact.unread_count ?? null,
    "last_message.at": contact.last_message?.at ?? null,
    last_activity_at: contact.last_activity_at ?? null,
  };
  const res = await ConversationModel.updateOne({ _id: contact._id, account_id: accountId, ...guard }, { $set }).exec();
  return res.matchedCount > 0;
}

/** applyMessageToContact as compare-and-set (inside the contact's lease on FerretDB), then tells the inbox. */
export async function recordMessageOnContact(
  deps: Deps,
  accountId: Types.ObjectId,
  contactId: Types.ObjectId,
  message: MessageOnContact,
  opts: { unread: boolean; optedOut?: boolean },
): Promise<void> {
  await optimistic(contactLockKey(contactId), async () => {
    const contact = await ConversationModel.findOne({ _id: contactId, account_id: accountId }).lean<Conversation>().exec();
    if (contact && !(await applyMessageToContact(accountId, contact, message, opts))) return CHANGED;
    return true;
  });
  publishConversation(deps, accountId, contactId);
}

export async function setOptedOut(deps: Deps, accountId: Types.ObjectId, contactId: Types.ObjectId, optedOut: boolean): Promise<void> {
  // One conditional update: atomic where updates are isolated (no lease there).
  const changed = await optimistic(contactLockKey(contactId), async () => {
    const res = await ConversationModel.updateOne(
      { _id: contactId, account_id: accountId, sms_opted_out: { $ne: optedOut } },
      { $set: { sms_opted_out: optedOut } },
    ).exec();
    return res.modifiedCount > 0;
  });
  if (changed) publishConversation(deps, accountId, contactId);
}

/** A contact's document read with its conversation state (both live on the same document). */
export type ContactConversation = Contact & Conversation;

/** The conversation state of a contact document contacts/ has just read (the same document holds both). */
export function conversationOf(contact: Contact): ContactConversation {
  return contact as ContactConversation;
}

/** The conversation of one contact of the account, or NOT_FOUND. */
export async function getConversation(accountId: Types.ObjectId, contactId: string): Promise<ContactConversation> {
  const _id = parseObjectId(contactId, "contact id", "id");
  const conversation = await ConversationModel.findOne({ _id, account_id: accountId }).lean<ContactConversation>().exec();
  if (!conversation) throw notFound("contact", contactId);
  return conversation;
}

export async function markConversationRead(deps: Deps, accountId: Types.ObjectId, contactId: string): Promise<ContactConversation> {
  const { _id } = await getConversation(accountId, contactId);
  const { conversation, changed } = await optimistic(contactLockKey(_id), async () => {
    const current = await getConversation(accountId, contactId);
    if (!current.unread_count) return { conversation: current, changed: false };
    // Guarded on the count read: a message arriving meanwhile makes this read again (and it stays unread).
    const res = await ConversationModel.updateOne(
      { _id, account_id: accountId, unread_count: current.unread_count },
      { $set: { unread_count: 0 } },
    ).exec();
    if (!res.matchedCount) return CHANGED;
    return { conversation: { ...current, unread_count: 0 }, changed: true };
  });
  if (changed) publishConversation(deps, accountId, _id);
  return conversation;
}

/** The inbox: contacts with a conversation (an SMS either way, or a voicemail), by last activity, newest first. */
export async function listConversations(
  accountId: Types.ObjectId,
  args: { first?: number | null; after?: string | null },
): Promise<Connection<ContactConversation>> {
  const filter = [{ account_id: accountId }, { last_message: { $exists: true } }];
  return contactsByActivity.page(args, filter, (f, sort, limit) =>
    ConversationModel.find(f).sort(sort).limit(limit).lean<ContactConversation[]>().exec(),
  );
}

export function publishConversation(deps: Deps, accountId: Types.ObjectId, contactId: Types.ObjectId): void {
  deps.pubSub.publish(CONVERSATION_UPDATED, String(accountId), { accountId: String(accountId), contactId: String(contactId) });
}
