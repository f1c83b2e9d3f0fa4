import type { Types } from "mongoose";
import { AgentModel } from "../auth/agent.model.js";
import { claimContactId, contactLockKey, ensureContact, touchContact } from "../contacts/contact.service.js";
import { recordMessageOnContact } from "../conversations/conversation.service.js";
import { publishInboundActivity } from "../conversations/inbound-activity.js";
import { afterInbound } from "../conversations/team-inbox.service.js";
import { accountOfNumber } from "../phone-numbers/phone-number.service.js";
import type { Deps } from "../platform/deps.js";
import { toE164 } from "../platform/e164.js";
import { leaseUnlessIsolated } from "../platform/lock.js";
import { insertOrFind } from "../platform/mongo-errors.js";
import { publishTimeline } from "../timeline/entry-events.js";
import { Direction, EntryKind } from "../timeline/entry.enums.js";
import { UnknownTarget } from "../twilio/webhook-router.js";
import { CallEntryModel, VoicemailEntryModel, type CallEntry, type VoicemailEntry } from "./call-entry.model.js";
import { CallStatus } from "./call.enums.js";

/** Twilio dials at most 10 numbers at once. */
const MAX_AGENTS_DIALLED = 10;

export interface IncomingCall {
  callSid: string;
  from: string;
  to: string;
  /** The entry's id, chosen when the webhook arrived (its TwiML already points at it); a new one when absent. */
  entryId?: string;
}

/**
 * A customer calls one of the account's numbers: an inbound CallEntry on their contact (created when new; one entry
 * however often Twilio retries, keyed on the CallSid), and the phones of the agents to ring at once (none: the caller
 * goes straight to voicemail).
 */
export async function receiveCall(deps: Deps, call: IncomingCall): Promise<{ entry: CallEntry; from: string; agentPhones: string[] }> {
  const to = toE164(call.to) ?? call.to;
  const accountId = await accountOfNumber(to);
  if (!accountId) throw new UnknownTarget(`${to} is not a number of any account.`);
  const from = toE164(call.from) ?? call.from;
  const contactId = await claimContactId(accountId, from);
  const dedupe_key = `${EntryKind.CallEntry}:${call.callSid}`;

  const { doc: entry, inserted } = await leaseUnlessIsolated(contactLockKey(contactId), async () => {
    await ensureContact(accountId, contactId, from);
    const now = new Date();
    return insertOrFind(
      async () =>
        (
          await CallEntryModel.create({
            ...(call.entryId ? { _id: call.entryId } : {}),
            account_id: accountId,
            customer_id: contactId,
            customer_phone_number: from,
            talkdesk_phone_number: to,
            created_at: now,
            callsid: call.callSid,
            dedupe_key,
            direction: "inbound",
            status: CallStatus.RINGING,
            status_updated_at: now,
          })
        ).toObject() as CallEntry,
      () => CallEntryModel.findOne({ dedupe_key }).lean<CallEntry>().exec(),
    );
  });
  if (inserted) {
    await touchContact(accountId, contactId, entry.created_at ?? new Date());
    publishTimeline(deps, entry);
  }
  return { entry, from, agentPhones: await agentPhones(accountId) };
}

async function agentPhones(accountId: Types.ObjectId): Promise<string[]> {
  const agents = await AgentModel.find({ account_id: accountId, phone: { $exists: true, $ne: null } }, { phone: 1 })
    .limit(MAX_AGENTS_DIALLED)
    .lean()
    .exec();
  return agents.map((a) => a.phone!);
}

export interface Recording {
  entryId: string;
  recordingSid: string;
  recordingUrl: string;
  duration: number;
  callSid: string;
}

/**
 * The caller left a voicemail: a VoicemailEntry shaped like the company's existing documents (callsid, duration as a
 * string of seconds, record = the recording's URL), once per recording, shown in the inbox like a message.
 */
export async function storeVoicemail(deps: Deps, rec: Recording): Promise<VoicemailEntry | null> {
  const call = await CallEntryModel.findOne({ _id: rec.entryId, _type: EntryKind.CallEntry }).lean<CallEntry>().exec();
  // A recording of another call (its CallSid is not this entry's) is not this call's voicemail.
  if (!call || (call.callsid && call.callsid !== rec.callSid)) return null;
  const now = new Date();
  const dedupe_key = `${EntryKind.VoicemailEntry}:${rec.recordingSid}`;
  const { doc: voicemail, inserted } = await insertOrFind(
    async () =>
      (
        await VoicemailEntryModel.create({
          account_id: call.account_id,
          customer_id: call.customer_id,
          customer_phone_number: call.customer_phone_number,
          talkdesk_phone_number: call.talkdesk_phone_number,
          callsid: rec.callSid,
          duration: String(rec.duration),
          record: rec.recordingUrl.endsWith(".mp3") ? rec.recordingUrl : `${rec.recordingUrl}.mp3`,
          created_at: now,
          dedupe_key,
        })
      ).toObject() as VoicemailEntry,
    () => VoicemailEntryModel.findOne({ dedupe_key }).lean<VoicemailEntry>().exec(),
  );
  if (!inserted) return null;
  publishTimeline(deps, voicemail);
  publishInboundActivity(deps, voicemail);
  const minutes = Math.floor(rec.duration / 60);
  const before = await recordMessageOnContact(
    deps,
    call.account_id,
    call.customer_id,
    { entryId: voicemail._id, body: `🎙 Voicemail (${minutes}:${String(rec.duration % 60).padStart(2, "0")})`, direction: Direction.INBOUND, at: now },
    { unread: true },
  );
  // Once per RecordingSid (a replayed recording webhook stopped above): reopens a resolved or snoozed conversation.
  await afterInbound(deps, call.account_id, call.customer_id, before, now);
  return voicemail;
}
