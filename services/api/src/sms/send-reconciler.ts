import type { Deps } from "../platform/deps.js";
import { leaseUnlessIsolated, tryLease } from "../platform/lock.js";
import { isDatabaseConnected } from "../platform/database.js";
import { publishTimeline } from "../timeline/entry-events.js";
import { EntryKind } from "../timeline/entry.enums.js";
import { applyMessageStatus, isOutboundStatus, smsLockKey } from "./message-status.service.js";
import { SmsEntryModel, type SmsEntry } from "./sms-entry.model.js";
import { SmsStatus } from "./sms.enums.js";

/** A queued message with no SID this long after it was stored lost its send's outcome (the process died meanwhile). */
const STUCK_AFTER_MS = 2 * 60_000;
const BATCH = 100;

export const LOST_SEND_SENTENCE =
  "This message was interrupted before Twilio confirmed it, and Twilio has no record of it: it was not sent. Retry to send it.";

/**
 * Finds outbound messages whose send outcome was lost — stored as queued, then the process stopped before Twilio's
 * answer was recorded — and settles each from Twilio's own records: the message Twilio has (same From, To and body,
 * created after the entry) gives the entry its SID and status; none means it was never sent, and the entry fails with
 * a sentence and the usual Retry. Runs on one replica at a time (a lease in MongoDB); Twilio unreachable: next round.
 */
export async function reconcileLostSends(deps: Deps, now = Date.now()): Promise<{ matched: number; failed: number }> {
  const stuck = await SmsEntryModel.find({
    _type: EntryKind.SmsEntry,
    direction: "outbound-api",
    status: SmsStatus.QUEUED,
    message_sid: null,
    status_updated_at: { $lt: new Date(now - STUCK_AFTER_MS) },
  })
    .sort({ status_updated_at: 1 })
    .limit(BATCH)
    .lean<SmsEntry[]>()
    .exec();
  let matched = 0;
  let failed = 0;
  for (const entry of stuck) {
    let candidates;
    try {
      candidates = await deps.twilio.messages.list({ to: entry.customer_phone_number!, from: entry.talkdesk_phone_number!, limit: 50 });
    } catch (err) {
      deps.logger.warn({ err, entryId: String(entry._id) }, "lost-send reconciler: Twilio did not answer; next round");
      continue;
    }
    const since = (entry.created_at ?? entry._id.getTimestamp()).getTime() - 60_000;
    const taken = new Set(
      (
        await SmsEntryModel.find({ message_sid: { $in: candidates.map((m) => m.sid) } }, { message_sid: 1 })
          .lean()
          .exec()
      ).map((e) => e.message_sid),
    );
    const twin = candidates.find((m) => m.body === entry.body && m.dateCreated.getTime() >= since && !taken.has(m.sid));
    if (twin) {
      await settle(deps, entry, { message_sid: twin.sid });
      if (isOutboundStatus(twin.status))
        await applyMessageStatus(deps, {
          messageSid: twin.sid,
          status: twin.status,
          errorCode: twin.errorCode ?? undefined,
          entryId: String(entry._id),
        });
      matched++;
    } else {
      await settle(deps, entry, { status: SmsStatus.FAILED, status_updated_at: new Date(), error_message: LOST_SEND_SENTENCE });
      failed++;
    }
  }
  if (stuck.length) deps.logger.info({ matched, failed }, "lost-send reconciler");
  return { matched, failed };
}

/** Changes the entry only if it is still stuck (a late answer or callback may have settled it meanwhile). */
async function settle(deps: Deps, entry: SmsEntry, $set: Record<string, unknown>): Promise<void> {
  // One conditional update: atomic on MongoDB; under the entry's lease where updates are not isolated.
  const updated = await leaseUnlessIsolated(smsLockKey(entry._id), () =>
    SmsEntryModel.findOneAndUpdate({ _id: entry._id, status: SmsStatus.QUEUED, message_sid: null }, { $set }, { returnDocument: "after" })
      .lean<SmsEntry>()
      .exec(),
  );
  if (updated) publishTimeline(deps, updated);
}

/** Runs the reconciler every `everyMs` on whichever replica holds the round's lease. Returns a stop function. */
export function startLostSendReconciler(deps: Deps, everyMs: number): () => void {
  const timer = setInterval(() => {
    if (!isDatabaseConnected()) return;
    void (async () => {
      if (await tryLease("sms:lost-send-reconciler", everyMs - 50)) await reconcileLostSends(deps);
    })().catch((err: unknown) => deps.logger.warn({ err }, "lost-send reconciler failed; next round"));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
