import type { Types } from "mongoose";
import type { Contact } from "../contacts/contact.model.js";
import { getContact } from "../contacts/contact.service.js";
import { conversationOf, recordMessageOnContact, setOptedOut } from "../conversations/conversation.service.js";
import { afterReply } from "../conversations/team-inbox.service.js";
import { chooseAccountNumber } from "../phone-numbers/phone-number.service.js";
import { actorOf, type Viewer } from "../platform/context.js";
import type { Deps } from "../platform/deps.js";
import { toE164 } from "../platform/e164.js";
import { AppError, ErrorCode, badInput, notFound } from "../platform/errors.js";
import { CHANGED, leaseUnlessIsolated, optimistic } from "../platform/lock.js";
import { insertOrFind } from "../platform/mongo-errors.js";
import { parseObjectId } from "../platform/object-id.js";
import { publishTimeline, updateEntry } from "../timeline/entry-events.js";
import { Direction, EntryKind } from "../timeline/entry.enums.js";
import { OPTED_OUT_ERROR } from "../twilio/errors.js";
import { refusedFields, requestTwilio } from "../twilio/request.js";
import { webhookUrl, WebhookPath } from "../twilio/webhook-paths.js";
import { FAILED_STATUSES, isRetryable, smsLockKey } from "./message-status.service.js";
import { quietHoursAt, quietHoursError, quietHoursZones } from "./quiet-hours.js";
import { countSegments } from "./segments.js";
import { SmsEntryModel, type SmsEntry } from "./sms-entry.model.js";
import { SmsStatus } from "./sms.enums.js";

const MAX_SMS_LENGTH = 1600;
const MAX_OVERRIDE_REASON = 500;
const MAX_IDEMPOTENCY_KEY = 200;

/** A client's idempotency key, checked, as stored: `<account id>:<key>` (undefined: none given). */
export function scopedIdempotencyKey(accountId: Types.ObjectId, given: string | null | undefined): string | undefined {
  const key = given?.trim();
  if (given !== undefined && given !== null && (!key || key.length > MAX_IDEMPOTENCY_KEY)) {
    throw badInput(`idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY} characters, e.g. a UUID made when the agent pressed Send.`, "idempotencyKey");
  }
  return key ? `${String(accountId)}:${key}` : undefined;
}

export interface SendSmsInput {
  contactId: string;
  body: string;
  from?: string | null;
  idempotencyKey?: string | null;
  /** Send within the customer's quiet hours anyway: why. */
  quietHoursOverride?: string | null;
}

export function validateBody(body: string): void {
  if (typeof body !== "string" || body.trim() === "") throw badInput("Write a message first: the body is empty.", "body");
  const length = [...body].length;
  if (length > MAX_SMS_LENGTH) {
    throw badInput(`The message has ${length} characters; an SMS holds at most ${MAX_SMS_LENGTH}.`, "body");
  }
}

function refuseOptedOut(contact: Contact): void {
  if (conversationOf(contact).sms_opted_out) {
    throw new AppError(ErrorCode.OPTED_OUT, `${contact.name} replied STOP and receives no SMS until they text START. Call them instead.`, {
      contactId: String(contact._id),
    });
  }
}

function recipientOf(contact: Contact): string {
  const to = contact.phone_numbers?.[0];
  const e164 = to ? toE164(to) : undefined;
  if (!e164) throw badInput(`${contact.name} has no phone number that can receive SMS: add one to the contact first.`, "contactId");
  return e164;
}

/** The sender: see chooseAccountNumber; by default the number the customer last texted keeps the conversation on it. */
async function senderFor(accountId: Types.ObjectId, contact: Contact, requested?: string | null): Promise<string> {
  const lastInbound = await SmsEntryModel.findOne(
    { account_id: accountId, customer_id: contact._id, _type: EntryKind.SmsEntry, direction: "inbound" },
    { talkdesk_phone_number: 1 },
  )
    .sort({ _id: -1 })
    .lean()
    .exec();
  return chooseAccountNumber(accountId, "sms", { requested, preferred: lastInbound?.talkdesk_phone_number });
}

/**
 * Whether an SMS can go to the contact now, and between which numbers: the contact is the account's, has not opted
 * out, has a number that receives SMS, and `from` (or the default sender) is an SMS number of the account. The rules
 * of sendSms, also checked when an SMS is scheduled and again when it is sent.
 */
export async function checkSendable(
  accountId: Types.ObjectId,
  contactId: string,
  requestedFrom?: string | null,
): Promise<{ contact: Contact; to: string; from: string }> {
  const contact = await getContact(accountId, contactId);
  refuseOptedOut(contact);
  const to = recipientOf(contact);
  const from = await senderFor(accountId, contact, requestedFrom);
  return { contact, to, from };
}

/**
 * Stores the message first (queued), then asks Twilio to send it. A refusal by Twilio is recorded on the entry
 * (failed, with its code and a sentence) and returned, not thrown away. The same idempotency key sends once.
 */
export async function sendSms(deps: Deps, viewer: Viewer, input: SendSmsInput): Promise<SmsEntry> {
  validateBody(input.body);
  const scopedKey = scopedIdempotencyKey(viewer.accountId, input.idempotencyKey);
  if (scopedKey) {
    const earlier = await SmsEntryModel.findOne({ idempotency_key: scopedKey }).lean<SmsEntry>().exec();
    if (earlier) return sameRequest(earlier, input);
  }

  const { contact, to, from } = await checkSendable(viewer.accountId, input.contactId, input.from);
  const { segments, encoding } = countSegments(input.body);
  const now = new Date();
  const quiet = quietHoursAt(deps.now(), await quietHoursZones(viewer.accountId, contact, to));
  const reason = input.quietHoursOverride?.trim();
  if (quiet && !reason) throw quietHoursError(contact.name, quiet, "send");
  if (quiet && reason!.length > MAX_OVERRIDE_REASON)
    throw badInput(`The reason is too long: at most ${MAX_OVERRIDE_REASON} characters.`, "quietHoursOverride");

  const { doc: entry, inserted } = await insertOrFind(
    async () =>
      (
        await SmsEntryModel.create({
          account_id: viewer.accountId,
          customer_id: contact._id,
          customer_phone_number: to,
          talkdesk_phone_number: from,
          created_at: now,
          body: input.body,
          direction: "outbound-api",
          status: SmsStatus.QUEUED,
          status_updated_at: now,
          num_segments: segments,
          encoding,
          agent_id: viewer.agentId,
          idempotency_key: scopedKey,
          ...(quiet && {
            quiet_hours_override: {
              reason,
              local_time: quiet.localTime,
              time_zone: quiet.timeZone,
              ...actorOf(viewer),
            },
          }),
        })
      ).toObject() as SmsEntry,
    // A double click racing itself: the first request stored it and is sending it.
    async () => (scopedKey ? SmsEntryModel.findOne({ idempotency_key: scopedKey }).lean<SmsEntry>().exec() : null),
  );
  if (!inserted) return sameRequest(entry, input);

  const before = await recordMessageOnContact(
    deps,
    viewer.accountId,
    contact._id,
    { entryId: entry._id, body: entry.body, direction: Direction.OUTBOUND, at: now, agentId: viewer.agentId },
    { unread: false },
  );
  publishTimeline(deps, entry);
  // An unassigned conversation goes to the agent who replied (unless the account turned that off); a pending first
  // response is measured.
  await afterReply(deps, viewer, contact._id, before, now);
  return deliver(deps, entry);
}

/** The message an idempotency key already stored, when the retried request is the same message; else BAD_USER_INPUT. */
export function sameRequest<T extends { customer_id: Types.ObjectId; body: string }>(earlier: T, input: { contactId: string; body: string }): T {
  if (String(earlier.customer_id) !== input.contactId || earlier.body !== input.body) {
    throw badInput("This idempotencyKey was already used for another message: make a new key for each message.", "idempotencyKey");
  }
  return earlier;
}

/** Hands a queued entry to Twilio and records the answer: its SID, or the refusal. */
async function deliver(deps: Deps, entry: SmsEntry): Promise<SmsEntry> {
  const answer = await requestTwilio(
    deps,
    { refused: "Twilio refused an SMS", log: { entryId: String(entry._id) }, unreachable: "retry in a moment." },
    () =>
      deps.twilio.messages.create({
        to: entry.customer_phone_number!,
        from: entry.talkdesk_phone_number!,
        body: entry.body,
        statusCallback: webhookUrl(deps.config.publicUrl, WebhookPath.messageStatus, { entryId: String(entry._id) }),
      }),
  );
  // Only the SID on success: a status callback may already have moved the status past `queued`.
  const update = answer.ok ? { $set: { message_sid: answer.value.sid } } : { $set: refusedFields(answer.refusal, SmsStatus.FAILED) };
  const updated = await updateEntry(deps, SmsEntryModel, smsLockKey(entry._id), entry, update);
  if (!answer.ok && answer.refusal.code === OPTED_OUT_ERROR) await setOptedOut(deps, entry.account_id, entry.customer_id, true);
  return updated;
}

/**
 * Sends a failed outbound message again, once: the entry is claimed atomically (failed → queued), so a double click
 * sends one retry. The failed try is kept in `attempts`.
 */
export async function retrySms(deps: Deps, viewer: Viewer, entryId: string): Promise<SmsEntry> {
  const _id = parseObjectId(entryId, "entry id", "entryId");
  const entry = await SmsEntryModel.findOne({ _id, account_id: viewer.accountId }).lean<SmsEntry>().exec();
  if (!entry) throw notFound("SMS", entryId);
  if (entry._type === EntryKind.SmsEntry && entry.dismissed_at) {
    throw badInput("This message's failure was dismissed: it is not to be sent again. Send a new message instead.", "entryId");
  }
  if (entry._type !== EntryKind.SmsEntry || !isRetryable(entry)) {
    throw badInput(`Only a failed outbound SMS can be retried; this one is ${entry.status ?? "not an SMS"}.`, "entryId");
  }
  const contact = await getContact(viewer.accountId, String(entry.customer_id));
  refuseOptedOut(contact);

  // Claimed as compare-and-set on the failed try that was read (failed → queued): of two clicks, the second finds
  // it queued and sends nothing.
  const claimed = await optimistic(smsLockKey(_id), async () => {
    const current = await SmsEntryModel.findOne({ _id, account_id: viewer.accountId }).lean<SmsEntry>().exec();
    if (!current || !isRetryable(current)) return null;
    const now = new Date();
    const updated = await SmsEntryModel.findOneAndUpdate(
      { _id, status: current.status, message_sid: current.message_sid ?? null, retry_count: current.retry_count ?? null, dismissed_at: null },
      {
        $set: { status: SmsStatus.QUEUED, status_updated_at: now, retry_count: (current.retry_count ?? 0) + 1 },
        $unset: { error_code: 1, error_message: 1, message_sid: 1 },
        $push: {
          attempts: {
            message_sid: current.message_sid,
            status: current.status,
            error_code: current.error_code,
            error_message: current.error_message,
            at: now,
          },
        },
      },
      { returnDocument: "after" },
    )
      .lean<SmsEntry>()
      .exec();
    return updated ?? CHANGED;
  });
  if (!claimed) throw new AppError(ErrorCode.CONFLICT, "This message is already being retried.", { entryId });
  publishTimeline(deps, claimed);
  return deliver(deps, claimed);
}

/**
 * The agent settles a failed outbound message without sending it again (a lost send the customer no longer needs, a
 * wrong number): it stays on the timeline as failed, marked dismissed by whom and when, and retrySms refuses it.
 * Dismissing it again changes nothing. A message that is not failed (queued, sending, delivered, inbound) is refused.
 */
export async function dismissSms(deps: Deps, viewer: Viewer, entryId: string): Promise<SmsEntry> {
  const _id = parseObjectId(entryId, "entry id", "entryId");
  const entry = await SmsEntryModel.findOne({ _id, account_id: viewer.accountId }).lean<SmsEntry>().exec();
  if (!entry || entry._type !== EntryKind.SmsEntry) throw notFound("SMS", entryId);
  if (entry.dismissed_at) return entry;
  if (!isRetryable(entry)) throw badInput(`Only a failed outbound SMS can be dismissed; this one is ${entry.status}.`, "entryId");
  // One conditional update (still failed, not dismissed): a retry or a second click racing it wins or loses whole.
  const dismissed = await leaseUnlessIsolated(smsLockKey(_id), () =>
    SmsEntryModel.findOneAndUpdate(
      { _id, account_id: viewer.accountId, status: { $in: FAILED_STATUSES }, dismissed_at: null },
      { $set: { dismissed_at: new Date(), dismissed_by: viewer.agentId } },
      { returnDocument: "after" },
    )
      .lean<SmsEntry>()
      .exec(),
  );
  if (!dismissed) {
    const now = await SmsEntryModel.findOne({ _id, account_id: viewer.accountId }).lean<SmsEntry>().exec();
    if (now?.dismissed_at) return now;
    throw new AppError(ErrorCode.CONFLICT, "This message is being retried; it can no longer be dismissed.", { entryId });
  }
  publishTimeline(deps, dismissed);
  return dismissed;
}
