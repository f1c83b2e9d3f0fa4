import type { Types } from "mongoose";
import { claimContactId, contactLockKey, ensureContact } from "../contacts/contact.service.js";
import { ConversationModel, type Conversation } from "../conversations/conversation.model.js";
import { applyMessagesToContact, conversationOf, publishConversation } from "../conversations/conversation.service.js";
import { accountOfNumber } from "../phone-numbers/phone-number.service.js";
import type { Deps } from "../platform/deps.js";
import { toE164 } from "../platform/e164.js";
import { withLock } from "../platform/lock.js";
import { insertOrFind, isDuplicateKey } from "../platform/mongo-errors.js";
import { objectIdAt } from "../platform/object-id.js";
import { UnknownTarget } from "../twilio/webhook-router.js";
import { entryEvent, publishTimeline, type EntryEvent } from "../timeline/entry-events.js";
import { Direction } from "../timeline/entry.enums.js";
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
 * stores nothing new), the contact's conversation state and opt-out, then live events. Per customer: one lease, one
 * insertMany, one update of the conversation. Returns each message's outcome, or the error that stopped it (an
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
        const stored = await withLock(contactLockKey(contactId), () =>
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
        }
        if (fresh.length) publishConversation(deps, accountId, contactId);
      } catch (err) {
        for (const i of items) results[i] = err instanceof Error ? err : new Error(String(err));
      }
    }),
  );
  return results;
}

/**
 * Under the contact's lock: the contact, the entries (unique MessageSid: those already stored, or twice in the
 * batch, are duplicates), the conversation state — all durable when it returns.
 */
async function storeInbound(accountId: Types.ObjectId, contactId: Types.ObjectId, from: string, list: InboundSms[]): Promise<ReceiveResult[]> {
  const { contact } = await ensureContact(accountId, contactId, from);
  const sids = list.map((sms) => sms.messageSid);
  const existing = new Map(
    (
      await SmsEntryModel.find({ message_sid: { $in: sids } })
        .lean<SmsEntry[]>()
        .exec()
    ).map((e) => [e.message_sid!, e] as const),
  );
  const seen = new Set<string>();
  const fresh = list.filter((sms) => !existing.has(sms.messageSid) && !seen.has(sms.messageSid) && seen.add(sms.messageSid));
  const docs = fresh.map((sms) => {
    const { segments, encoding } = countSegments(sms.body);
    const at = new Date(sms.receivedAt ?? Date.now());
    return {
      _id: objectIdAt(at),
      account_id: accountId,
      customer_id: contact._id,
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
    };
  });
  let inserted: SmsEntry[];
  try {
    inserted = docs.length ? ((await SmsEntryModel.insertMany(docs, { ordered: true })).map((d) => d.toObject()) as SmsEntry[]) : [];
  } catch (err) {
    // Another replica stored one of these at the same moment (the same webhook delivered twice): one at a time.
    if (!isDuplicateKey(err)) throw err;
    inserted = [];
    for (const doc of docs) {
      const { doc: entry, inserted: isNew } = await insertOrFind(
        async () => (await SmsEntryModel.create(doc)).toObject() as SmsEntry,
        () => SmsEntryModel.findOne({ message_sid: doc.message_sid }).lean<SmsEntry>().exec(),
      );
      if (isNew) inserted.push(entry);
      else existing.set(doc.message_sid, entry);
    }
  }
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
  // The update is guarded on what was read; where others write without the lease (MongoDB), a change since makes
  // it read again.
  let conversation: Conversation | null = conversationOf(contact);
  for (let tries = 0; conversation && !(await applyMessagesToContact(accountId, conversation, messages)); tries++) {
    if (tries >= 20) throw new Error(`contact ${String(contactId)} kept changing; the messages stay queued`);
    conversation = await ConversationModel.findOne({ _id: contactId, account_id: accountId }).lean<Conversation>().exec();
  }
  // In the batch's order; a duplicate names the entry stored first.
  const claimed = new Set<string>();
  return list.map((sms) => {
    const entry = bySid.get(sms.messageSid);
    if (entry && !claimed.has(sms.messageSid)) {
      claimed.add(sms.messageSid);
      return { outcome: "stored" as const, entry };
    }
    return { outcome: "duplicate" as const, entry: entry ?? existing.get(sms.messageSid)! };
  });
}
