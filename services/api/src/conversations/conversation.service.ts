import type { Types } from "mongoose";
import type { Contact } from "../contacts/contact.model.js";
import { contactLockKey, contactsByActivity } from "../contacts/contact.service.js";
import type { Connection } from "../platform/connection.js";
import type { Deps } from "../platform/deps.js";
import { AgentModel } from "../auth/agent.model.js";
import type { Viewer } from "../platform/context.js";
import { badInput, notFound } from "../platform/errors.js";
import { CHANGED, leaseUnlessIsolated, optimistic } from "../platform/lock.js";
import { isDuplicateKey } from "../platform/mongo-errors.js";
import { parseObjectId } from "../platform/object-id.js";
import type { Direction } from "../timeline/entry.enums.js";
import { AssigneeFilter, ConversationStatus, storedStatuses } from "./conversation.enums.js";
import { ConversationModel, type Conversation, type LastMessage } from "./conversation.model.js";

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
  /** An outbound message's agent. */
  agentId?: Types.ObjectId;
}

function preview(body: string, mediaCount = 0): string {
  const text = body.replace(/\s+/g, " ").trim();
  if (!text && mediaCount) return mediaCount === 1 ? "📎 1 attachment" : `📎 ${mediaCount} attachments`;
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}

export interface MessageForInbox {
  message: MessageOnContact;
  unread: boolean;
  optedOut?: boolean;
}

/**
 * Denormalises messages of one contact (a drained batch, in order; or one sent message or voicemail) onto its
 * conversation for the inbox, in one forward-only update and no read first: the last activity by `$max`, the unread
 * count by `$inc`, the opt-out (the batch's last word) by `$set`, and the newest message as the last message only where
 * the one shown is older — a filter on the update, since messages may be processed out of order. On MongoDB the
 * update is atomic, so concurrent writers need no lease; on FerretDB, whose updates are not isolated, the caller holds
 * the contact's lease.
 *
 * `createWith` (contacts/' fields for a contact that does not exist yet) makes it an upsert: the first message of a
 * new customer creates the contact in the same round trip. When the last message shown is newer, the guarded update
 * matches nothing (with the upsert: collides on `_id`); then the same update without the last message.
 * Returns the conversation as it was before (null: it did not exist).
 */
export async function recordMessages(
  accountId: Types.ObjectId,
  contactId: Types.ObjectId,
  messages: MessageForInbox[],
  createWith?: Record<string, unknown>,
): Promise<Conversation | null> {
  if (!messages.length) return null;
  let newest = messages[0].message;
  let optedOut: boolean | undefined;
  for (const m of messages) {
    if (m.message.at >= newest.at) newest = m.message;
    if (m.optedOut !== undefined) optedOut = m.optedOut;
  }
  const last_message: LastMessage = {
    entry_id: newest.entryId,
    preview: preview(newest.body, newest.mediaCount),
    direction: newest.direction,
    at: newest.at,
    ...(newest.agentId ? { agent_id: newest.agentId } : {}),
  };
  const counts = {
    $max: { last_activity_at: newest.at },
    $inc: { unread_count: messages.filter((m) => m.unread).length },
    ...(optedOut === undefined ? {} : { $set: { sms_opted_out: optedOut } }),
  };
  const update = (withLast: boolean) => ({
    ...counts,
    ...(withLast ? { $set: { ...counts.$set, last_message } } : {}),
    ...(createWith && withLast ? { $setOnInsert: createWith } : {}),
  });
  const olderShown = { $or: [{ last_message: null }, { "last_message.at": { $lte: newest.at } }] };
  const options = { returnDocument: "before", strict: false } as const;
  try {
    const before = await ConversationModel.findOneAndUpdate({ _id: contactId, account_id: accountId, ...olderShown }, update(true), {
      ...options,
      upsert: !!createWith,
    })
      .lean<Conversation>()
      .exec();
    if (before || createWith) return before;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  // A newer message is shown already (or, without `createWith`, the contact is gone: this then matches nothing).
  return ConversationModel.findOneAndUpdate({ _id: contactId, account_id: accountId }, update(false), options).lean<Conversation>().exec();
}

/** recordMessages for one message, then tells the inbox. Returns the conversation as it was before. */
export async function recordMessageOnContact(
  deps: Deps,
  accountId: Types.ObjectId,
  contactId: Types.ObjectId,
  message: MessageOnContact,
  opts: { unread: boolean; optedOut?: boolean },
): Promise<ContactConversation | null> {
  const before = await leaseUnlessIsolated(contactLockKey(contactId), () => recordMessages(accountId, contactId, [{ message, ...opts }]));
  publishConversation(deps, accountId, contactId);
  return before as ContactConversation | null;
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

export interface InboxFilter {
  assignee?: AssigneeFilter | null;
  agentId?: string | null;
  status?: ConversationStatus[] | null;
}

const ALL_STATUSES = Object.values(ConversationStatus);

/**
 * The MongoDB filter of an inbox tab (without the account and the "has a conversation" condition), or null for
 * every conversation. Whenever an assignee is named, the status is constrained too (every status when none is
 * asked for: an `$in` of five values, one merged index scan each), so that {account_id, assignee_id, status,
 * last_activity_at, _id} serves the page in order; absent fields are null, so old contacts are open and unassigned.
 */
async function inboxFilter(viewer: Viewer, filter: InboxFilter | null | undefined): Promise<Record<string, unknown> | null> {
  if (!filter) return null;
  if (filter.assignee && filter.agentId)
    throw badInput("Give either assignee or agentId, not both: agentId already names whose conversations.", "agentId");
  if (filter.status && filter.status.length === 0) throw badInput("`status` cannot be empty: omit it for every status.", "status");
  let assignee: Types.ObjectId | null | undefined;
  if (filter.agentId) {
    const _id = parseObjectId(filter.agentId, "agent id", "agentId");
    if (!(await AgentModel.exists({ _id, account_id: viewer.accountId }).exec())) throw notFound("agent", filter.agentId);
    assignee = _id;
  } else if (filter.assignee === AssigneeFilter.ME) {
    if (!viewer.agentId)
      throw badInput("An API key is no agent and owns no conversations: ask for assignee ANY, UNASSIGNED or an agentId.", "assignee");
    assignee = viewer.agentId;
  } else if (filter.assignee === AssigneeFilter.UNASSIGNED) {
    assignee = null;
  }
  const statuses = filter.status ?? (assignee === undefined ? null : ALL_STATUSES);
  if (assignee === undefined && !statuses) return null;
  return {
    ...(assignee === undefined ? {} : { assignee_id: assignee }),
    ...(statuses ? { status: { $in: storedStatuses(statuses) } } : {}),
  };
}

/**
 * The inbox: contacts with a conversation (an SMS either way, or a voicemail), by last activity, newest first;
 * optionally one tab of it (see inboxFilter). Without a filter, the query is today's.
 */
export async function listConversations(
  viewer: Viewer,
  args: { first?: number | null; after?: string | null; filter?: InboxFilter | null },
): Promise<Connection<ContactConversation>> {
  const tab = await inboxFilter(viewer, args.filter);
  const filter = [{ account_id: viewer.accountId, ...tab }, { last_message: { $exists: true } }];
  return contactsByActivity.page(args, filter, (f, sort, limit) =>
    ConversationModel.find(f).sort(sort).limit(limit).lean<ContactConversation[]>().exec(),
  );
}

/**
 * The inbox row's clock: when the soonest scheduled SMS of the conversation goes (null: none pending). sms/ passes
 * what it just read after each change; the write is a plain set of that value, so a later change sets it right again.
 */
export async function setNextScheduledSms(deps: Deps, accountId: Types.ObjectId, contactId: Types.ObjectId, at: Date | null): Promise<void> {
  const res = await ConversationModel.updateOne(
    { _id: contactId, account_id: accountId, next_scheduled_sms_at: { $ne: at } },
    at ? { $set: { next_scheduled_sms_at: at } } : { $unset: { next_scheduled_sms_at: 1 } },
  ).exec();
  if (res.modifiedCount) publishConversation(deps, accountId, contactId);
}

export function publishConversation(deps: Deps, accountId: Types.ObjectId, contactId: Types.ObjectId): void {
  deps.pubSub.publish(CONVERSATION_UPDATED, String(accountId), { accountId: String(accountId), contactId: String(contactId) });
}

/** The inbox tabs' counts: each the number of conversations the same filter lists (see ConversationCounts). */
/**
 * Where the tabs' counts stop: a count reads its tab's index range, so an exact count of 90,000 resolved conversations
 * would read 90,000 keys each time a console asks. Counted up to COUNT_CAP, a count is bounded work however large the
 * account grows; COUNT_CAP itself means "that many or more" (the console shows 999+).
 */
export const COUNT_CAP = 1000;

export async function conversationCounts(
  viewer: Viewer,
): Promise<Record<"mine" | "unassigned" | "open" | "pending" | "snoozed" | "resolved", number>> {
  const count = async (filter: InboxFilter) => {
    const tab = await inboxFilter(viewer, filter);
    return ConversationModel.countDocuments({ account_id: viewer.accountId, ...tab, last_message: { $exists: true } }, { limit: COUNT_CAP }).exec();
  };
  const [mine, unassigned, open, pending, snoozed, resolved] = await Promise.all([
    viewer.agentId ? count({ assignee: AssigneeFilter.ME, status: [ConversationStatus.OPEN] }) : 0,
    count({ assignee: AssigneeFilter.UNASSIGNED, status: [ConversationStatus.OPEN] }),
    count({ status: [ConversationStatus.OPEN] }),
    count({ status: [ConversationStatus.PENDING] }),
    count({ status: [ConversationStatus.SNOOZED] }),
    count({ status: [ConversationStatus.RESOLVED] }),
  ]);
  return { mine, unassigned, open, pending, snoozed, resolved };
}
