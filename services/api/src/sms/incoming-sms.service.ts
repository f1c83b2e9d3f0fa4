import type { Types } from "mongoose";
import { claimContactId, contactLockKey, ensureContact } from "../contacts/contact.service.js";
import { applyMessageToContact, conversationOf, publishConversation } from "../conversations/conversation.service.js";
import { accountOfNumber } from "../phone-numbers/phone-number.service.js";
import type { Deps } from "../platform/deps.js";
import { toE164 } from "../platform/e164.js";
import { withLock } from "../platform/lock.js";
import { insertOrFind } from "../platform/mongo-errors.js";
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
}

export type ReceiveResult = { outcome: "stored"; entry: SmsEntry } | { outcome: "duplicate"; entry: SmsEntry };

/**
 * An inbound SMS/MMS from Twilio's webhook: `To` → the account, `From` → its contact (created when new), the entry
 * (unique on MessageSid, so a replayed webhook stores nothing new), the contact's conversation state and opt-out, then
 * live events. Returns once everything is durable; the webhook acknowledges only then.
 */
export async function receiveSms(deps: Deps, sms: InboundSms): Promise<ReceiveResult> {
  const to = toE164(sms.to) ?? sms.to;
  const accountId = await accountOfNumber(to);
  if (!accountId) throw new UnknownTarget(`${to} is not a number of any account.`);

  // Short codes and alphanumeric senders are not E.164: keep them as Twilio wrote them.
  const from = toE164(sms.from) ?? sms.from;
  const contactId = await claimContactId(accountId, from);
  const result = await withLock(contactLockKey(contactId), () => storeInbound(accountId, contactId, from, to, sms));
  if (result.outcome === "stored") {
    deps.pubSub.publish(SMS_RECEIVED, String(accountId), entryEvent(result.entry));
    publishTimeline(deps, result.entry);
    publishConversation(deps, accountId, contactId);
  }
  return result;
}

/** Under the contact's lock: the contact, the entry (unique MessageSid), the conversation state, all durable. */
async function storeInbound(accountId: Types.ObjectId, contactId: Types.ObjectId, from: string, to: string, sms: InboundSms): Promise<ReceiveResult> {
  const { contact } = await ensureContact(accountId, contactId, from);
  const { segments, encoding } = countSegments(sms.body);
  const now = new Date();

  const { doc: entry, inserted } = await insertOrFind(
    async () =>
      (
        await SmsEntryModel.create({
          account_id: accountId,
          customer_id: contact._id,
          customer_phone_number: from,
          talkdesk_phone_number: to,
          created_at: now,
          body: sms.body,
          direction: "inbound",
          status: SmsStatus.RECEIVED,
          message_sid: sms.messageSid,
          num_segments: sms.numSegments ?? segments,
          encoding,
          media: sms.media,
        })
      ).toObject() as SmsEntry,
    // The same webhook delivered twice at once: the other request stored it.
    () => SmsEntryModel.findOne({ message_sid: sms.messageSid }).lean<SmsEntry>().exec(),
  );
  if (!inserted) return { outcome: "duplicate", entry };

  const action = optOutAction(sms.body, sms.optOutType);
  await applyMessageToContact(
    accountId,
    conversationOf(contact),
    { entryId: entry._id, body: sms.body, direction: Direction.INBOUND, at: now, mediaCount: sms.media.length },
    { unread: true, optedOut: action === "opt-out" ? true : action === "opt-in" ? false : undefined },
  );
  return { outcome: "stored", entry };
}
