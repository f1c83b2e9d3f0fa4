import { randomUUID } from "node:crypto";
import type { Types } from "mongoose";
import { setNextScheduledSms } from "../conversations/conversation.service.js";
import { actorOf, type Viewer } from "../platform/context.js";
import type { Deps } from "../platform/deps.js";
import { startDueSweep, type DueSweep } from "../platform/due-sweep.js";
import { AppError, ErrorCode, badInput, notFound } from "../platform/errors.js";
import { leaseUnlessIsolated } from "../platform/lock.js";
import { insertOrFind } from "../platform/mongo-errors.js";
import { objectIdAt, parseObjectId } from "../platform/object-id.js";
import { publishTimeline } from "../timeline/entry-events.js";
import { EntryKind } from "../timeline/entry.enums.js";
import { checkSendable, sameRequest, scopedIdempotencyKey, sendSms, validateBody } from "./outbound-sms.service.js";
import { quietHoursAt, quietHoursError, quietHoursZones } from "./quiet-hours.js";
import { ScheduledSmsEntryModel, ScheduledSmsStatus, type ScheduledSmsEntry } from "./scheduled-sms.model.js";
import { countSegments } from "./segments.js";

/** The earliest and the latest a message can be scheduled, from now (Twilio's own scheduling allows 15 min to 35 days). */
const MIN_AHEAD_MS = 60_000;
const MAX_AHEAD_MS = 35 * 24 * 3600_000;
/** How long a replica's claim on a due message holds: past it (the replica died mid-send) another one sends it. */
export const SEND_CLAIM_MS = 2 * 60_000;

export interface ScheduleSmsInput {
  contactId: string;
  body: string;
  from?: string | null;
  sendAt: Date;
  idempotencyKey?: string | null;
}

const lockKey = (id: Types.ObjectId | string) => `scheduled-sms:${String(id)}`;

function checkSendAt(sendAt: Date, now: Date): void {
  if (!(sendAt instanceof Date) || Number.isNaN(sendAt.getTime()))
    throw badInput("sendAt must be a date and time, e.g. 2026-12-04T09:00:00-05:00.", "sendAt");
  if (sendAt.getTime() < now.getTime() + MIN_AHEAD_MS) {
    throw badInput("sendAt must be at least a minute from now: to send now, use sendSms.", "sendAt");
  }
  if (sendAt.getTime() > now.getTime() + MAX_AHEAD_MS) throw badInput("sendAt can be at most 35 days from now.", "sendAt");
}

/**
 * Stores an SMS to send at `sendAt` (a ScheduledSmsEntry, SCHEDULED). The rules of sendSms are checked now (body,
 * sender, opt-out) and again when it is sent. The same idempotency key schedules once.
 */
export async function scheduleSms(deps: Deps, viewer: Viewer, input: ScheduleSmsInput): Promise<ScheduledSmsEntry> {
  const now = deps.now();
  validateBody(input.body);
  checkSendAt(input.sendAt, now);
  const scopedKey = scopedIdempotencyKey(viewer.accountId, input.idempotencyKey);
  const earlier = scopedKey ? await ScheduledSmsEntryModel.findOne({ idempotency_key: scopedKey }).lean<ScheduledSmsEntry>().exec() : null;
  if (earlier) return sameRequest(earlier, input);
  const { contact, to, from } = await checkSendable(viewer.accountId, input.contactId, input.from);
  const quiet = quietHoursAt(input.sendAt, await quietHoursZones(viewer.accountId, contact, to));
  if (quiet) throw quietHoursError(contact.name, quiet, "schedule");
  const { segments, encoding } = countSegments(input.body);
  const { doc, inserted } = await insertOrFind(
    async () =>
      (
        await ScheduledSmsEntryModel.create({
          _id: objectIdAt(now),
          account_id: viewer.accountId,
          customer_id: contact._id,
          customer_phone_number: to,
          talkdesk_phone_number: from,
          created_at: now,
          body: input.body,
          status: ScheduledSmsStatus.SCHEDULED,
          scheduled_for: input.sendAt,
          status_updated_at: now,
          num_segments: segments,
          encoding,
          ...actorOf(viewer),
          idempotency_key: scopedKey,
        })
      ).toObject() as ScheduledSmsEntry,
    async () => (scopedKey ? ScheduledSmsEntryModel.findOne({ idempotency_key: scopedKey }).lean<ScheduledSmsEntry>().exec() : null),
  );
  if (!inserted) return sameRequest(doc, input);
  publishTimeline(deps, doc);
  await refreshNextScheduled(deps, doc);
  return doc;
}

async function scheduledOf(viewer: Viewer, id: string): Promise<ScheduledSmsEntry> {
  const _id = parseObjectId(id, "scheduled SMS id", "entryId");
  const entry = await ScheduledSmsEntryModel.findOne({ _id, account_id: viewer.accountId, _type: EntryKind.ScheduledSmsEntry })
    .lean<ScheduledSmsEntry>()
    .exec();
  if (!entry) throw notFound("scheduled SMS", id);
  return entry;
}

/** Why a scheduled SMS can no longer change, in words (it is being sent, was sent, or was canceled). */
function tooLate(entry: ScheduledSmsEntry): AppError {
  const why =
    entry.status === ScheduledSmsStatus.CANCELED
      ? "it was canceled"
      : entry.status === ScheduledSmsStatus.SENT
        ? "it was already sent"
        : "it is being sent right now";
  return new AppError(ErrorCode.CONFLICT, `This scheduled SMS can no longer be changed: ${why}.`, {
    entryId: String(entry._id),
    status: entry.status,
  });
}

/**
 * One change to a message still SCHEDULED: a conditional update (the account's, status scheduled), so of a change and
 * the send sweep's claim racing each other exactly one wins. Only a miss reads the entry, to say why: NOT_FOUND (not
 * the account's), `unchanged` (already as asked: returned as it is), else CONFLICT naming what happened to it.
 */
async function changeScheduled(
  deps: Deps,
  viewer: Viewer,
  id: string,
  $set: Record<string, unknown>,
  unchanged?: (entry: ScheduledSmsEntry) => boolean,
): Promise<ScheduledSmsEntry> {
  const _id = parseObjectId(id, "scheduled SMS id", "entryId");
  const changed = await leaseUnlessIsolated(lockKey(_id), () =>
    ScheduledSmsEntryModel.findOneAndUpdate(
      { _id, account_id: viewer.accountId, status: ScheduledSmsStatus.SCHEDULED },
      { $set: { ...$set, status_updated_at: deps.now() } },
      { returnDocument: "after" },
    )
      .lean<ScheduledSmsEntry>()
      .exec(),
  );
  if (!changed) {
    const entry = await scheduledOf(viewer, id);
    if (unchanged?.(entry)) return entry;
    throw tooLate(entry);
  }
  publishTimeline(deps, changed);
  await refreshNextScheduled(deps, changed);
  return changed;
}

export async function rescheduleSms(deps: Deps, viewer: Viewer, id: string, sendAt: Date): Promise<ScheduledSmsEntry> {
  checkSendAt(sendAt, deps.now());
  return changeScheduled(deps, viewer, id, { scheduled_for: sendAt });
}

export async function editScheduledSms(deps: Deps, viewer: Viewer, id: string, body: string): Promise<ScheduledSmsEntry> {
  validateBody(body);
  const { segments, encoding } = countSegments(body);
  return changeScheduled(deps, viewer, id, { body, num_segments: segments, encoding });
}

/** Cancels a message not sent yet; canceling it again changes nothing. */
export function cancelScheduledSms(deps: Deps, viewer: Viewer, id: string): Promise<ScheduledSmsEntry> {
  return changeScheduled(
    deps,
    viewer,
    id,
    {
      status: ScheduledSmsStatus.CANCELED,
      canceled_at: deps.now(),
      ...(viewer.agentId ? { canceled_by: viewer.agentId } : {}),
      cancel_reason: "Canceled before it was sent.",
    },
    (entry) => entry.status === ScheduledSmsStatus.CANCELED,
  );
}

/** A contact's messages still to be sent, soonest first (at most 50: the timeline shows them at its bottom). */
export function pendingScheduledSms(accountId: Types.ObjectId, contactId: Types.ObjectId, limit = 50): Promise<ScheduledSmsEntry[]> {
  return ScheduledSmsEntryModel.find({
    account_id: accountId,
    customer_id: contactId,
    _type: EntryKind.ScheduledSmsEntry,
    status: { $in: [ScheduledSmsStatus.SCHEDULED, ScheduledSmsStatus.SENDING] },
  })
    .sort({ scheduled_for: 1 })
    .limit(limit)
    .lean<ScheduledSmsEntry[]>()
    .exec();
}

/**
 * Sends due scheduled SMS, each once whatever the number of replicas: a replica claims a due message (SCHEDULED and
 * due, or SENDING whose claim expired: its replica died) with one conditional update that makes it SENDING with a
 * claim of its own, then sends it through sendSms with an idempotency key of the scheduled message's own — so a
 * replica that takes over a claim after the first one sent it (and died before saying so) finds that SMS and sends
 * nothing again. The rules of sendSms are checked again: a contact who opted out meanwhile gets nothing, and the
 * scheduled message is CANCELED with the reason on the timeline.
 */
export function startScheduledSmsSweep(deps: Deps, opts: { everyMs: number }): DueSweep {
  type Due = ScheduledSmsEntry;
  const dueFilter = (now: Date) => ({
    _type: EntryKind.ScheduledSmsEntry,
    $or: [
      { status: ScheduledSmsStatus.SCHEDULED, scheduled_for: { $lte: now } },
      { status: ScheduledSmsStatus.SENDING, claimed_until: { $lte: now } },
    ],
  });
  return startDueSweep<Due>({
    name: "scheduled-sms",
    everyMs: opts.everyMs,
    now: deps.now,
    logger: deps.logger,
    findDue: (now, limit) => ScheduledSmsEntryModel.find(dueFilter(now)).sort({ scheduled_for: 1 }).limit(limit).lean<Due[]>().exec(),
    lockKey: (item) => lockKey(item._id),
    claim: (item, now) =>
      ScheduledSmsEntryModel.findOneAndUpdate(
        { _id: item._id, ...dueFilter(now) },
        {
          $set: {
            status: ScheduledSmsStatus.SENDING,
            claim_id: randomUUID(),
            claimed_until: new Date(now.getTime() + SEND_CLAIM_MS),
            status_updated_at: now,
          },
        },
        { returnDocument: "after" },
      )
        .lean<Due>()
        .exec(),
    handle: (claimed, now) => sendScheduled(deps, claimed, now),
  });
}

async function sendScheduled(deps: Deps, claimed: ScheduledSmsEntry, now: Date): Promise<void> {
  const viewer: Viewer = { accountId: claimed.account_id, agentId: claimed.agent_id, apiKeyId: claimed.api_key_id };
  let settle: Record<string, unknown>;
  try {
    const sent = await sendSms(deps, viewer, {
      contactId: String(claimed.customer_id),
      body: claimed.body,
      from: claimed.talkdesk_phone_number,
      idempotencyKey: `scheduled:${String(claimed._id)}`,
    });
    settle = { status: ScheduledSmsStatus.SENT, sent_entry_id: sent._id };
  } catch (err) {
    if (!(err instanceof AppError) || err.code === ErrorCode.UNAVAILABLE) throw err; // the claim expires; tried again
    // Late (the service was down at its time) and now within the customer's quiet hours: it waits for their morning.
    const nextAllowedAt = err.code === ErrorCode.QUIET_HOURS ? err.extensions.nextAllowedAt : undefined;
    // Anything else sendSms refuses for a reason a person can act on (opted out, the number is gone): not sent, and why.
    settle =
      typeof nextAllowedAt === "string"
        ? { status: ScheduledSmsStatus.SCHEDULED, scheduled_for: new Date(nextAllowedAt) }
        : { status: ScheduledSmsStatus.CANCELED, canceled_at: now, cancel_reason: `Not sent: ${err.message}` };
  }
  const settled = await leaseUnlessIsolated(lockKey(claimed._id), () =>
    ScheduledSmsEntryModel.findOneAndUpdate(
      { _id: claimed._id, status: ScheduledSmsStatus.SENDING, claim_id: claimed.claim_id },
      { $set: { ...settle, status_updated_at: now }, $unset: { claim_id: 1, claimed_until: 1 } },
      { returnDocument: "after" },
    )
      .lean<ScheduledSmsEntry>()
      .exec(),
  );
  if (!settled) return;
  publishTimeline(deps, settled);
  await refreshNextScheduled(deps, settled);
}

/** The inbox row's clock follows the contact's soonest pending message (conversations/ stores it). */
async function refreshNextScheduled(deps: Deps, entry: ScheduledSmsEntry): Promise<void> {
  const [next] = await pendingScheduledSms(entry.account_id, entry.customer_id, 1);
  await setNextScheduledSms(deps, entry.account_id, entry.customer_id, next?.scheduled_for ?? null);
}
