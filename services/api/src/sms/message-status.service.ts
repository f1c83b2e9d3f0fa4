import { Types } from "mongoose";
import { SmsStatus } from "./sms.enums.js";
import { publishTimeline } from "../timeline/entry-events.js";
import { SmsEntryModel, type SmsEntry } from "./sms-entry.model.js";
import type { Deps } from "../platform/deps.js";
import { CHANGED, optimistic } from "../platform/lock.js";
import { setOptedOut } from "../conversations/conversation.service.js";
import { OPTED_OUT_ERROR, twilioErrorSentence } from "../twilio/errors.js";

/**
 * Where each status sits in a message's life. Callbacks are not ordered (a `sent` can arrive after `delivered`), so a
 * status is applied only when it moves the message forward.
 */
const RANK: Partial<Record<SmsStatus, number>> = {
  [SmsStatus.ACCEPTED]: 0,
  [SmsStatus.SCHEDULED]: 0,
  [SmsStatus.QUEUED]: 1,
  [SmsStatus.SENDING]: 2,
  [SmsStatus.SENT]: 3,
  [SmsStatus.PARTIALLY_DELIVERED]: 4,
  [SmsStatus.DELIVERED]: 5,
  [SmsStatus.UNDELIVERED]: 5,
  [SmsStatus.FAILED]: 5,
  [SmsStatus.CANCELED]: 5,
  [SmsStatus.READ]: 6,
};

/** Final: nothing moves a message out of these (`read` may still follow `delivered`). */
export const FAILED_STATUSES = [SmsStatus.UNDELIVERED, SmsStatus.FAILED, SmsStatus.CANCELED];
/** What retrySms accepts: an outbound message in a failed status. */
export function isRetryable(entry: { direction?: string; status?: SmsStatus; dismissed_at?: Date }): boolean {
  return (
    !!entry.direction && !entry.direction.startsWith("inbound") && !!entry.status && FAILED_STATUSES.includes(entry.status) && !entry.dismissed_at
  );
}

const FINAL = new Set<SmsStatus>([...FAILED_STATUSES, SmsStatus.READ]);

/** The statuses a message may be in for `next` to replace it. */
function statusesBefore(next: SmsStatus): SmsStatus[] {
  const rank = RANK[next];
  if (rank === undefined) return [];
  return (Object.keys(RANK) as SmsStatus[]).filter((s) => RANK[s]! < rank && !FINAL.has(s));
}

export function isOutboundStatus(value: string): value is SmsStatus {
  return (Object.values(SmsStatus) as string[]).includes(value) && RANK[value as SmsStatus] !== undefined;
}

export interface StatusCallback {
  messageSid: string;
  status: SmsStatus;
  errorCode?: number;
  /** From our StatusCallback URL: finds the entry even before messages.create has returned its SID. */
  entryId?: string;
}

export type StatusOutcome = "updated" | "stale" | "unknown";

export const smsLockKey = (entryId: Types.ObjectId | string) => `sms:${String(entryId)}`;

/**
 * Applies a Twilio status callback, forward only, under the entry's lock. Idempotent: a repeated callback finds the
 * status already there and changes nothing; an older status arriving late changes nothing.
 */
export async function applyMessageStatus(deps: Deps, cb: StatusCallback): Promise<{ outcome: StatusOutcome; entry?: SmsEntry }> {
  const located = await locate(cb);
  if (!located) return { outcome: "unknown" };

  const result = await optimistic(smsLockKey(located), async () => {
    const entry = await SmsEntryModel.findById(located).lean<SmsEntry>().exec();
    if (!entry || !belongs(entry, cb.messageSid)) return { outcome: "unknown" as const };
    if (!statusesBefore(cb.status).includes(entry.status)) return { outcome: "stale" as const, entry };
    const failed = FAILED_STATUSES.includes(cb.status);
    const $set = {
      status: cb.status,
      status_updated_at: new Date(),
      message_sid: cb.messageSid,
      ...(failed || cb.errorCode ? { error_code: cb.errorCode, error_message: twilioErrorSentence(cb.errorCode) } : {}),
    };
    // Guarded on what was read: a callback that changed the entry meanwhile makes this one read again.
    const res = await SmsEntryModel.updateOne({ _id: entry._id, status: entry.status, message_sid: entry.message_sid ?? null }, { $set }).exec();
    if (!res.matchedCount) return CHANGED;
    return { outcome: "updated" as const, entry: { ...entry, ...$set } as SmsEntry };
  });

  if (result.outcome === "updated") {
    if (cb.errorCode === OPTED_OUT_ERROR) await setOptedOut(deps, result.entry.account_id, result.entry.customer_id, true);
    publishTimeline(deps, result.entry);
  }
  return result;
}

/** The entry a callback is about: by our entryId (known before Twilio's SID is stored), else by the SID. */
async function locate(cb: StatusCallback): Promise<Types.ObjectId | undefined> {
  if (cb.entryId && Types.ObjectId.isValid(cb.entryId)) return new Types.ObjectId(cb.entryId);
  const entry = await SmsEntryModel.findOne({ message_sid: cb.messageSid }, { _id: 1 }).lean().exec();
  return entry?._id;
}

/** The callback's SID is the entry's current one (or the entry has none yet), never one of an earlier, retried try. */
function belongs(entry: SmsEntry, sid: string): boolean {
  if (entry.attempts?.some((a) => a.message_sid === sid)) return false;
  return !entry.message_sid || entry.message_sid === sid;
}
