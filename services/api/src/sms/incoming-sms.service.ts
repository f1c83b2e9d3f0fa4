import type { Types } from "mongoose";
import { claimContactId, contactLockKey, ensureContact } from "../contacts/contact.service.js";
import { Direction, SmsStatus } from "../entries/entry.enums.js";
import { entryEvent, publishTimeline } from "../entries/entry-events.js";
import { SmsEntryModel, type SmsEntry } from "../entries/entry.model.js";
import type { Deps } from "../platform/deps.js";
import { toE164 } from "../platform/e164.js";
import { Topic } from "../platform/pubsub.js";
import { accountOfNumber } from "../phone-numbers/phone-number.service.js";
import { withLock } from "../platform/lock.js";
import { applyMessageToContact, publishConversation } from "./conversation.service.js";
import { optOutAction } from "./opt-out.js";
import { countSegments } from "./segments.js";
import { isDuplicateKey } from "../platform/mongo-errors.js";

export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  media: { url: string; content_type: string }[];
  numSegments?: number;
  optOutType?: string;
}

export class UnknownNumberError extends Error {
  constructor(public readonly number: string) {
    super(`${number} is not a number of any account.`);
  }
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
  if (!accountId) throw new UnknownNumberError(to);

  // Short codes and alphanumeric senders are not E.164: keep them as Twilio wrote them.
  const from = toE164(sms.from) ?? sms.from;
  const contactId = await claimContactId(accountId, from);
  const result = await withLock(contactLockKey(contactId), () => storeInbound(accountId, contactId, from, to, sms));
  if (result.outcome === "stored") {
    deps.pubSub.publish(Topic.SmsReceived, String(accountId), entryEvent(result.entry));
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

  let entry: SmsEntry;
  try {
    entry = (
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
    ).toObject();
  } catch (err) {
    // The same webhook delivered twice at once: the other request stored it.
    if (!isDuplicateKey(err)) throw err;
    const stored = await SmsEntryModel.findOne({ message_sid: sms.messageSid }).lean<SmsEntry>().exec();
    if (!stored) throw err;
    return { outcome: "duplicate", entry: stored };
  }

  const action = optOutAction(sms.body, sms.optOutType);
  await applyMessageToContact(
    accountId,
    contact,
    { entryId: entry._id, body: sms.body, direction: Direction.INBOUND, at: now, mediaCount: sms.media.length },
    { unread: true, optedOut: action === "opt-out" ? true : action === "opt-in" ? false : undefined },
  );
  return { outcome: "stored", entry };
}
