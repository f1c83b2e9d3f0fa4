import type { QueryFilter, Types, UpdateQuery } from "mongoose";
import { AccountModel, type Account } from "../accounts/account.model.js";
import { AgentModel, type Agent } from "../auth/agent.model.js";
import { onlineAgentIds } from "../auth/presence.js";
import { contactLockKey } from "../contacts/contact.service.js";
import { actorOf, type Viewer } from "../platform/context.js";
import type { Deps } from "../platform/deps.js";
import { badInput, notFound } from "../platform/errors.js";
import { startDueSweep, type DueSweep } from "../platform/due-sweep.js";
import { CHANGED, leaseUnlessIsolated, optimistic } from "../platform/lock.js";
import { objectIdAt, parseObjectId } from "../platform/object-id.js";
import { publishTimeline } from "../timeline/entry-events.js";
import { reportSent } from "./activity.js";
import { ConversationEventKind, ConversationStatus, statusOf } from "./conversation.enums.js";
import { ConversationEventEntryModel, type ConversationEventEntry } from "./conversation-event.model.js";
import { ConversationModel } from "./conversation.model.js";
import { getConversation, publishConversation, type ContactConversation } from "./conversation.service.js";

/** How long after a customer's message (after a quiet period) the first response is due. */
const FIRST_RESPONSE_TARGET_MS = 15 * 60_000;
/** The furthest a snooze may reach. */
const MAX_SNOOZE_MS = 366 * 24 * 3600_000;

const CLOSED = [ConversationStatus.RESOLVED, ConversationStatus.SNOOZED];

type EventFields = Omit<ConversationEventEntry, "_id" | "_type" | "created_at" | "account_id" | "customer_id">;

/**
 * Writes one event on the conversation's timeline and tells both audiences: the timeline's subscribers (the event)
 * and the inbox's (the row, which now shows the new owner or status).
 */
async function writeEvent(
  deps: Deps,
  conversation: { _id: Types.ObjectId; account_id: Types.ObjectId },
  at: Date,
  fields: EventFields,
): Promise<ConversationEventEntry> {
  const doc = await ConversationEventEntryModel.create({
    _id: objectIdAt(at),
    account_id: conversation.account_id,
    customer_id: conversation._id,
    created_at: at,
    ...fields,
  });
  const entry = doc.toObject() as ConversationEventEntry;
  publishTimeline(deps, entry);
  publishConversation(deps, conversation.account_id, conversation._id);
  return entry;
}

/** One conditional update of a conversation: the document as it was when the filter matched, or null (no change). */
function changeIf(filter: QueryFilter<ContactConversation>, update: UpdateQuery<ContactConversation>): Promise<ContactConversation | null> {
  return ConversationModel.findOneAndUpdate(filter, update, { returnDocument: "before" }).lean<ContactConversation>().exec();
}

/** An agent of the account, or NOT_FOUND (the same sentence for another account's agent as for none). */
async function agentOfAccount(accountId: Types.ObjectId, agentId: string): Promise<Agent> {
  const _id = parseObjectId(agentId, "agent id", "agentId");
  const agent = await AgentModel.findOne({ _id, account_id: accountId }).lean<Agent>().exec();
  if (!agent) throw notFound("agent", agentId);
  return agent;
}

/**
 * Gives the conversation to an agent of the account, or to nobody (agentId null). One conditional update — only where
 * the assignee differs — so the same call twice changes nothing the second time and writes one event; under the
 * contact's lease where updates are not isolated (FerretDB).
 */
export async function assignConversation(
  deps: Deps,
  viewer: Viewer,
  contactId: string,
  agentId: string | null | undefined,
): Promise<ContactConversation> {
  const { _id } = await getConversation(viewer.accountId, contactId);
  await assignOne(deps, viewer, _id, await assigneeOf(viewer, agentId));
  return getConversation(viewer.accountId, contactId);
}

/**
 * assignConversation for up to 100 conversations at once (the inbox's bulk action): every id is checked first, so an
 * id of another account (or of none) changes nothing at all; then each conversation changes as assignConversation
 * would (its own conditional update and event). Returns the conversations in the order given.
 */
export async function assignConversations(
  deps: Deps,
  viewer: Viewer,
  contactIds: readonly string[],
  agentId: string | null | undefined,
): Promise<ContactConversation[]> {
  const ids = await conversationIdsOf(viewer, contactIds);
  const assignee = await assigneeOf(viewer, agentId);
  await eachInTurn(ids, (_id) => assignOne(deps, viewer, _id, assignee));
  return conversationsInOrder(viewer, ids);
}

const assigneeOf = async (viewer: Viewer, agentId: string | null | undefined) =>
  agentId === null || agentId === undefined ? null : (await agentOfAccount(viewer.accountId, agentId))._id;

async function assignOne(deps: Deps, viewer: Viewer, _id: Types.ObjectId, assignee: Types.ObjectId | null): Promise<void> {
  const before = await leaseUnlessIsolated(contactLockKey(_id), () =>
    changeIf(
      { _id, account_id: viewer.accountId, assignee_id: { $ne: assignee } },
      assignee ? { $set: { assignee_id: assignee } } : { $unset: { assignee_id: 1 } },
    ),
  );
  if (!before) return;
  await writeEvent(deps, before, new Date(), {
    ...actorOf(viewer),
    ...(assignee
      ? { kind: ConversationEventKind.ASSIGNED, assignee_id: assignee, previous_assignee_id: before.assignee_id }
      : { kind: ConversationEventKind.UNASSIGNED, assignee_id: before.assignee_id }),
  });
}

/** The most conversations one bulk action changes (a page of the inbox is 30). */
export const MAX_BULK = 100;

/** The conversations' ids, each checked to be the account's: NOT_FOUND (naming the first missing) before any change. */
async function conversationIdsOf(viewer: Viewer, contactIds: readonly string[]): Promise<Types.ObjectId[]> {
  const unique = [...new Set(contactIds)];
  if (unique.length === 0) throw badInput("Choose at least one conversation (contactIds is empty).", "contactIds");
  if (unique.length > MAX_BULK) throw badInput(`At most ${MAX_BULK} conversations at once: you sent ${unique.length}.`, "contactIds");
  const ids = unique.map((id) => parseObjectId(id, "contact id", "contactIds"));
  const found = new Set(
    (
      await ConversationModel.find({ _id: { $in: ids }, account_id: viewer.accountId }, { _id: 1 })
        .lean<{ _id: Types.ObjectId }[]>()
        .exec()
    ).map((c) => String(c._id)),
  );
  const missing = unique.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound("contact", missing);
  return ids;
}

/** Runs `apply` on each id, a few at a time (each is its own conditional update, and its own lease where needed). */
async function eachInTurn(ids: readonly Types.ObjectId[], apply: (id: Types.ObjectId) => Promise<void>): Promise<void> {
  for (let i = 0; i < ids.length; i += 4) await Promise.all(ids.slice(i, i + 4).map(apply));
}

async function conversationsInOrder(viewer: Viewer, ids: readonly Types.ObjectId[]): Promise<ContactConversation[]> {
  const docs = await ConversationModel.find({ _id: { $in: ids }, account_id: viewer.accountId })
    .lean<ContactConversation[]>()
    .exec();
  const byId = new Map(docs.map((d) => [String(d._id), d]));
  return ids.map((id) => byId.get(String(id))).filter((d): d is ContactConversation => d !== undefined);
}

/**
 * Moves the conversation to `status` (SNOOZED needs a future `snoozedUntil`; no other status takes one). One
 * conditional update — only where the status (or the snooze's end) differs — so the same call twice writes one event.
 */
export async function setConversationStatus(
  deps: Deps,
  viewer: Viewer,
  contactId: string,
  status: ConversationStatus,
  snoozedUntil: Date | null | undefined,
): Promise<ContactConversation> {
  const now = new Date();
  checkStatus(status, snoozedUntil, now);
  const { _id } = await getConversation(viewer.accountId, contactId);
  await setStatusOne(deps, viewer, _id, status, snoozedUntil, now);
  return getConversation(viewer.accountId, contactId);
}

/** setConversationStatus for up to 100 conversations at once; checked whole first, as assignConversations. */
export async function setConversationsStatus(
  deps: Deps,
  viewer: Viewer,
  contactIds: readonly string[],
  status: ConversationStatus,
  snoozedUntil: Date | null | undefined,
): Promise<ContactConversation[]> {
  const now = new Date();
  checkStatus(status, snoozedUntil, now);
  const ids = await conversationIdsOf(viewer, contactIds);
  await eachInTurn(ids, (_id) => setStatusOne(deps, viewer, _id, status, snoozedUntil, now));
  return conversationsInOrder(viewer, ids);
}

function checkStatus(status: ConversationStatus, snoozedUntil: Date | null | undefined, now: Date): void {
  if (status === ConversationStatus.SNOOZED) {
    if (!snoozedUntil || Number.isNaN(snoozedUntil.getTime()) || snoozedUntil <= now) {
      throw badInput("A snooze needs snoozedUntil in the future (e.g. an hour from now): the conversation reopens then.", "snoozedUntil");
    }
    if (snoozedUntil.getTime() > now.getTime() + MAX_SNOOZE_MS)
      throw badInput("A snooze can last at most a year: choose an earlier snoozedUntil.", "snoozedUntil");
  } else if (snoozedUntil) {
    throw badInput(`snoozedUntil is only for SNOOZED; leave it out to set the status to ${statusName(status)}.`, "snoozedUntil");
  }
}

async function setStatusOne(
  deps: Deps,
  viewer: Viewer,
  _id: Types.ObjectId,
  status: ConversationStatus,
  snoozedUntil: Date | null | undefined,
  now: Date,
): Promise<void> {
  const differs =
    status === ConversationStatus.SNOOZED
      ? { $or: [{ status: { $ne: status } }, { snoozed_until: { $ne: snoozedUntil } }] }
      : { status: { $nin: status === ConversationStatus.OPEN ? [status, null] : [status] } };
  const update =
    status === ConversationStatus.SNOOZED
      ? { $set: { status, snoozed_until: snoozedUntil, status_changed_at: now } }
      : { $set: { status, status_changed_at: now }, $unset: { snoozed_until: 1 } };
  const before = await leaseUnlessIsolated(contactLockKey(_id), () => changeIf({ _id, account_id: viewer.accountId, ...differs }, update));
  if (!before) return;
  await writeEvent(deps, before, now, {
    ...actorOf(viewer),
    kind: ConversationEventKind.STATUS_CHANGED,
    from_status: statusOf(before.status),
    to_status: status,
    ...(snoozedUntil ? { snoozed_until: snoozedUntil } : {}),
  });
}

const statusName = (status: ConversationStatus) => Object.entries(ConversationStatus).find(([, v]) => v === status)![0];

/**
 * After an inbound message (SMS or voicemail) was recorded on the conversation, given the conversation as it was
 * before (recordMessages' answer; null: the message created the contact):
 * - a resolved or snoozed conversation reopens, with one REOPENED_BY_CUSTOMER event: a conditional update (still
 *   closed), so of two messages racing one reopens. A replayed webhook records no message and so never gets here.
 * - a first response is due when none was pending (see Conversation.first_response_due_at);
 * - a new conversation (no message before) is assigned by the account's auto_assignment (autoAssignNew).
 * Each is an extra write only when the before-document says it is needed: a customer's burst costs nothing more.
 */
export async function afterInbound(
  deps: Deps,
  accountId: Types.ObjectId,
  contactId: Types.ObjectId,
  before: ContactConversation | null,
  at: Date,
): Promise<void> {
  const closed = before && CLOSED.includes(statusOf(before.status));
  const responsePending = before?.first_response_due_at && !before.first_response_at;
  // A new conversation (its first message) may be given an agent, by the account's auto_assignment.
  if (!before?.last_message && !before?.assignee_id) await autoAssignNew(deps, accountId, contactId, at);
  if (!closed && responsePending) return;
  const reopened = await leaseUnlessIsolated(contactLockKey(contactId), async () => {
    if (!responsePending) {
      await ConversationModel.updateOne(
        { _id: contactId, account_id: accountId, $or: [{ first_response_due_at: null }, { first_response_at: { $ne: null } }] },
        { $set: { first_response_due_at: new Date(at.getTime() + FIRST_RESPONSE_TARGET_MS) }, $unset: { first_response_at: 1 } },
      ).exec();
    }
    if (!closed) return null;
    return changeIf(
      { _id: contactId, account_id: accountId, status: { $in: CLOSED } },
      { $set: { status: ConversationStatus.OPEN, status_changed_at: at }, $unset: { snoozed_until: 1 } },
    );
  });
  if (!reopened) return;
  await writeEvent(deps, reopened, at, {
    kind: ConversationEventKind.REOPENED_BY_CUSTOMER,
    from_status: statusOf(reopened.status),
    to_status: ConversationStatus.OPEN,
  });
}

/**
 * After an agent's reply was recorded (sendSms), given the conversation before it: an unassigned conversation is
 * assigned to the replying agent (not for API keys; not when the account's `auto_assign_on_reply` is false), with one
 * ASSIGNED event; a pending first response is measured (`first_response_at`).
 */
export async function afterReply(deps: Deps, viewer: Viewer, contactId: Types.ObjectId, before: ContactConversation | null, at: Date): Promise<void> {
  const { accountId, agentId } = viewer;
  if (agentId) reportSent(deps, accountId, contactId, agentId);
  if (!before || !agentId) return;
  const measure = !!before.first_response_due_at && !before.first_response_at;
  const assign = !before.assignee_id && (await autoAssignsOnReply(accountId));
  if (!measure && !assign) return;
  const assigned = await leaseUnlessIsolated(contactLockKey(contactId), async () => {
    if (measure) {
      await ConversationModel.updateOne(
        { _id: contactId, account_id: accountId, first_response_due_at: { $ne: null }, first_response_at: null },
        { $set: { first_response_at: at } },
      ).exec();
    }
    if (!assign) return null;
    return changeIf({ _id: contactId, account_id: accountId, assignee_id: null }, { $set: { assignee_id: agentId } });
  });
  if (!assigned) return;
  await writeEvent(deps, assigned, at, { kind: ConversationEventKind.ASSIGNED, agent_id: agentId, assignee_id: agentId });
}

/**
 * A new conversation of an account whose auto_assignment is round_robin goes to the next online agent (an open
 * console socket: auth/presence.ts) after the one chosen last, in id order — the account's pointer moves by
 * compare-and-set, so two conversations arriving at once go to two agents. Nobody online: it stays unassigned.
 */
async function autoAssignNew(deps: Deps, accountId: Types.ObjectId, contactId: Types.ObjectId, at: Date): Promise<void> {
  const account = await AccountModel.findById(accountId, { auto_assignment: 1 }).lean().exec();
  if (account?.auto_assignment !== "round_robin") return;
  const online = await onlineAgentIds(accountId, at);
  if (!online.length) return;
  const next = await optimistic(`account:${String(accountId)}:round-robin`, async () => {
    const current = await AccountModel.findById(accountId, { round_robin_last_agent_id: 1 }).lean().exec();
    const last = current?.round_robin_last_agent_id ? String(current.round_robin_last_agent_id) : null;
    const pick = online.find((id) => last !== null && String(id) > last) ?? online[0];
    const res = await AccountModel.updateOne(
      { _id: accountId, round_robin_last_agent_id: current?.round_robin_last_agent_id ?? null },
      { $set: { round_robin_last_agent_id: pick } },
    ).exec();
    return res.matchedCount ? pick : CHANGED;
  });
  const assigned = await leaseUnlessIsolated(contactLockKey(contactId), () =>
    changeIf({ _id: contactId, account_id: accountId, assignee_id: null }, { $set: { assignee_id: next } }),
  );
  if (!assigned) return;
  await writeEvent(deps, assigned, at, { kind: ConversationEventKind.ASSIGNED, assignee_id: next });
}

/** The account's team-inbox settings, changed by whoever of the account asks (there are no roles yet). */
export async function updateInboxSettings(
  viewer: Viewer,
  input: { autoAssignOnReply?: boolean | null; autoAssignment?: "none" | "round_robin" | null },
): Promise<Account> {
  const $set: Record<string, unknown> = {};
  if (input.autoAssignOnReply !== undefined && input.autoAssignOnReply !== null) $set.auto_assign_on_reply = input.autoAssignOnReply;
  if (input.autoAssignment !== undefined && input.autoAssignment !== null) $set.auto_assignment = input.autoAssignment;
  if (!Object.keys($set).length) throw badInput("Nothing to change: give autoAssignOnReply, autoAssignment or both.", "autoAssignOnReply");
  const account = await AccountModel.findOneAndUpdate({ _id: viewer.accountId }, { $set }, { returnDocument: "after" }).lean<Account>().exec();
  if (!account) throw notFound("account", String(viewer.accountId));
  return account;
}

async function autoAssignsOnReply(accountId: Types.ObjectId): Promise<boolean> {
  const account = await AccountModel.findById(accountId, { auto_assign_on_reply: 1 }).lean().exec();
  return account?.auto_assign_on_reply !== false;
}

/**
 * Ends snoozes at `snoozed_until`: every replica sweeps (platform/due-sweep.ts); the claim is the reopening itself — a
 * conditional update (still snoozed, its time come) — so exactly one replica reopens each and writes its one
 * SNOOZE_ENDED event. A customer's message or an agent reopening it first leaves the sweep nothing to claim.
 */
export function startSnoozeSweep(deps: Deps, opts: { everyMs: number; now?: () => Date }): DueSweep {
  type Due = { _id: Types.ObjectId; account_id: Types.ObjectId };
  return startDueSweep<Due>({
    name: "snooze",
    everyMs: opts.everyMs,
    now: opts.now,
    logger: deps.logger,
    findDue: (now, limit) =>
      ConversationModel.find({ status: ConversationStatus.SNOOZED, snoozed_until: { $lte: now } }, { _id: 1, account_id: 1 })
        .sort({ snoozed_until: 1 })
        .limit(limit)
        .lean<Due[]>()
        .exec(),
    lockKey: (item) => contactLockKey(item._id),
    claim: (item, now) =>
      ConversationModel.findOneAndUpdate(
        { _id: item._id, account_id: item.account_id, status: ConversationStatus.SNOOZED, snoozed_until: { $lte: now } },
        { $set: { status: ConversationStatus.OPEN, status_changed_at: now }, $unset: { snoozed_until: 1 } },
        // No projection: FerretDB v1's findAndModify has none.
        { returnDocument: "before" },
      )
        .lean<Due & { snoozed_until?: Date }>()
        .exec(),
    handle: async (claimed: Due & { snoozed_until?: Date }, now) => {
      await writeEvent(deps, claimed, now, {
        kind: ConversationEventKind.SNOOZE_ENDED,
        from_status: ConversationStatus.SNOOZED,
        to_status: ConversationStatus.OPEN,
        snoozed_until: claimed.snoozed_until,
      });
    },
  });
}
