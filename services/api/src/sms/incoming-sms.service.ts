import type { Types } from "mongoose";
import { claimContactId, contactLockKey, ensureContact, newContactFields } from "../contacts/contact.service.js";
import { publishConversation, recordMessages, type ContactConversation } from "../conversations/conversation.service.js";
import { publishInboundActivity } from "../conversations/inbound-activity.js";
import { afterInbound } from "../conversations/team-inbox.service.js";
import { accountOfNumber } from "../phone-numbers/phone-number.service.js";
import type { Deps } from "../platform/deps.js";
import { toE164 } from "../platform/e164.js";
import { leaseUnlessIsolated } from "../platform/lock.js";
import { isDuplicateKey } from "../platform/mongo-errors.js";
import { objectIdAt } from "../platform/object-id.js";
import { UnknownTarget } from "../twilio/webhook-router.js";
import { entryEvent, publishTimeline, type EntryEvent } from "../timeline/entry-events.js";
import { Direction, EntryKind } from "../timeline/entry.enums.js";
import { optOutAction } from "./opt-out.js";
import { countSegments } from "./segments.js";
import { SmsEntryModel, type SmsEntry } from "./sms-entry.model.js";
import { SmsStatus } from "./sms.enums.js";

/** An inbound SMS landed on a timeline: `smsReceived`. */
export const SMS_RECEIVED = "SMS_RECEIVED";

declare module "../platform/pubsub.js" {
  interface Channels {
    [SMS_RECEIVED]: [accountId: string, payload: EntryEvent];
  }
}

export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  media: { url: string; content_type: string }[];
  numSegments?: number;
  optOutType?: string;
  /** When the webhook arrived (ms since the epoch): the entry's time, however late it is drained. */
  receivedAt?: number;
}

export type ReceiveResult = { outcome: "stored"; entry: SmsEntry } | { outcome: "duplicate"; entry: SmsEntry };

/** One inbound SMS (see receiveSmsBatch). */
export async function receiveSms(deps: Deps, sms: InboundSms): Promise<ReceiveResult> {
  const [result] = await receiveSmsBatch(deps, [sms]);
  if (result instanceof Error) throw result;
  return result;
}

/**
 * Inbound SMS/MMS from Twilio's webhook, several at once (the drainer's batch), in their order per customer: `To` →
 * the account, `From` → its contact (created when new), the entries (unique on MessageSid, so a replayed webhook
 * stores nothing new), the contact's conversation state and opt-out, then live events. Per customer: one insertMany,
 * one guarded update of the conversation (and on FerretDB the contact's lease around them). Returns each message's outcome, or the error that stopped it (an
 * unknown number is an UnknownTarget; a database failure fails that customer's messages, which stay queued).
 */
export async function receiveSmsBatch(deps: Deps, list: InboundSms[]): Promise<(ReceiveResult | Error)[]> {
  const results: (ReceiveResult | Error)[] = new Array(list.length);
  const accounts = new Map<string, Types.ObjectId | undefined>();
  const groups = new Map<string, { accountId: Types.ObjectId; from: string; items: number[] }>();
  for (const [i, sms] of list.entries()) {
    const to = toE164(sms.to) ?? sms.to;
    if (!accounts.has(to)) accounts.set(to, (await accountOfNumber(to)) ?? undefined);
    const accountId = accounts.get(to);
    if (!accountId) {
      results[i] = new UnknownTarget(`${to} is not a number of any account.`);
      continue;
    }
    // Short codes and alphanumeric senders are not E.164: keep them as Twilio wrote them.
    const from = toE164(sms.from) ?? sms.from;
    const key = `${accountId}:${from}`;
    const group = groups.get(key) ?? { accountId, from, items: [] };
    group.items.push(i);
    groups.set(key, group);
  }
  await Promise.all(
    [...groups.values()].map(async ({ accountId, from, items }) => {
      try {
        const contactId = await claimContactId(accountId, from);
        const {
          results: stored,
          before,
          newest,
        } = await leaseUnlessIsolated(contactLockKey(contactId), () =>
          storeInbound(
            accountId,
            contactId,
            from,
            items.map((i) => list[i]),
          ),
        );
        stored.forEach((result, k) => (results[items[k]] = result));
        const fresh = stored.filter((r) => r.outcome === "stored");
        for (const { entry } of fresh) {
          deps.pubSub.publish(SMS_RECEIVED, String(accountId), entryEvent(entry));
          publishTimeline(deps, entry);
          publishInboundActivity(deps, entry);
        }
        if (fresh.length) publishConversation(deps, accountId, contactId);
        // A resolved or snoozed conversation reopens; a first response becomes due (only when before says so).
        if (newest) await afterInbound(deps, accountId, contactId, before, newest);
      } catch (err) {
        for (const i of items) results[i] = err instanceof Error ? err : new Error(String(err));
      }
    }),
  );
  return results;
}

/**
 * The entries inserted, and the MessageSids refused as already stored (unordered: one duplicate stops no other).
 * Through the driver, not mongoose: the documents are built whole here (the discriminator and defaults included),
 * and hydrating, validating and copying them back took ~8 % of an inbound SMS's CPU.
 */
async function insertUnlessStored(docs: SmsEntry[]): Promise<{ inserted: SmsEntry[]; duplicates: string[] }> {
  if (!docs.length) return { inserted: [], duplicates: [] };
  try {
    await SmsEntryModel.collection.insertMany(docs, { ordered: false, ignoreUndefined: true });
    return { inserted: docs, duplicates: [] };
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { index: number; code?: number }[] }).writeErrors;
    if (!writeErrors?.length || !writeErrors.every(isDuplicateKey)) throw err;
    const refused = new Set(writeErrors.map((e) => e.index));
    return { inserted: docs.filter((_d, i) => !refused.has(i)), duplicates: docs.filter((_d, i) => refused.has(i)).map((d) => d.message_sid!) };
  }
}

/**
 * Under the contact's lease where updates are not isolated (on MongoDB each write is atomic on its own): the
 * entries (unique MessageSid: those already stored, or twice in the batch, are duplicates), then the conversation
 * state in one update that also creates the contact of a new customer — all durable when it returns.
 */
async function storeInbound(
  accountId: Types.ObjectId,
  contactId: Types.ObjectId,
  from: string,
  list: InboundSms[],
): Promise<{ results: ReceiveResult[]; before: ContactConversation | null; newest?: Date }> {
  const seen = new Set<string>();
  const fresh = list.filter((sms) => !seen.has(sms.messageSid) && seen.add(sms.messageSid));
  const docs = fresh.map((sms): SmsEntry => {
    const { segments, encoding } = countSegments(sms.body);
    const at = new Date(sms.receivedAt ?? Date.now());
    return {
      _id: objectIdAt(at),
      _type: EntryKind.SmsEntry,
      account_id: accountId,
      customer_id: contactId,
      customer_phone_number: from,
      talkdesk_phone_number: toE164(sms.to) ?? sms.to,
      created_at: at,
      body: sms.body,
      direction: "inbound",
      status: SmsStatus.RECEIVED,
      message_sid: sms.messageSid,
      num_segments: sms.numSegments ?? segments,
      encoding,
      media: sms.media,
      retry_count: 0,
    };
  });
  // No read first: the unique MessageSid refuses what is stored already (a replay, or another replica at the same
  // moment), and only then are those read.
  const { inserted, duplicates } = await insertUnlessStored(docs);
  const existing = new Map(
    duplicates.length
      ? (
          await SmsEntryModel.find({ message_sid: { $in: duplicates } })
            .lean<SmsEntry[]>()
            .exec()
        ).map((e) => [e.message_sid!, e] as const)
      : [],
  );
  const bySid = new Map(inserted.map((e) => [e.message_sid!, e] as const));
  const messages = fresh
    .filter((sms) => bySid.has(sms.messageSid))
    .map((sms) => {
      const entry = bySid.get(sms.messageSid)!;
      const action = optOutAction(sms.body, sms.optOutType);
      return {
        message: { entryId: entry._id, body: sms.body, direction: Direction.INBOUND, at: entry.created_at!, mediaCount: sms.media.length },
        unread: true,
        optedOut: action === "opt-out" ? true : action === "opt-in" ? false : undefined,
      };
    });
  // The contact is created by this same update when the customer is new; a batch of replays only needs it to exist
  // (a crash may have come between the entries and the contact).
  let before: ContactConversation | null = null;
  if (messages.length) before = (await recordMessages(accountId, contactId, messages, newContactFields(from))) as ContactConversation | null;
  else await ensureContact(accountId, contactId, from);
  const newest = messages.length ? new Date(Math.max(...messages.map((m) => m.message.at.getTime()))) : undefined;
  // In the batch's order; a duplicate names the entry stored first.
  const claimed = new Set<string>();
  const results = list.map((sms) => {
    const entry = bySid.get(sms.messageSid);
    if (entry && !claimed.has(sms.messageSid)) {
      claimed.add(sms.messageSid);
      return { outcome: "stored" as const, entry };
    }
    return { outcome: "duplicate" as const, entry: entry ?? existing.get(sms.messageSid)! };
  });
  return { results, before, newest };
}
