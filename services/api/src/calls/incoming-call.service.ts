import twilio from "twilio";
import type { Types } from "mongoose";
import { AgentModel } from "../auth/agent.model.js";
import { claimContactId, contactLockKey, ensureContact, touchContact } from "../contacts/contact.service.js";
import { CallStatus, Direction, EntryKind } from "../entries/entry.enums.js";
import { publishTimeline } from "../entries/entry-events.js";
import { CallEntryModel, VoicemailEntryModel, type CallEntry, type VoicemailEntry } from "../entries/entry.model.js";
import type { Deps } from "../platform/deps.js";
import { toE164 } from "../platform/e164.js";
import { withLock } from "../platform/lock.js";
import { UnknownTarget } from "../platform/twilio-webhook.js";
import { accountOfNumber } from "../phone-numbers/phone-number.service.js";
import { recordMessageOnContact } from "../sms/conversation.service.js";
import { callLockKey } from "./outbound-call.service.js";
import { movesForward } from "./call-status.js";
import { isDuplicateKey } from "../platform/mongo-errors.js";

/** How long the agents' phones ring before the caller goes to voicemail, and the longest voicemail. */
const RING_SECONDS = 20;
const MAX_VOICEMAIL_SECONDS = 120;
/** Twilio dials at most 10 numbers at once. */
const MAX_AGENTS_DIALLED = 10;

export interface IncomingCall {
  callSid: string;
  from: string;
  to: string;
}

function voicemailTwiml(deps: Deps, entryId: Types.ObjectId, response = new twilio.twiml.VoiceResponse()): string {
  const hooks = `${deps.config.publicUrl}/webhooks/twilio/voice`;
  response.say("Sorry, nobody can take your call right now. Please leave a message after the tone.");
  response.record({
    maxLength: MAX_VOICEMAIL_SECONDS,
    playBeep: true,
    action: `${hooks}/recorded?entryId=${String(entryId)}`,
    recordingStatusCallback: `${hooks}/recording?entryId=${String(entryId)}`,
    recordingStatusCallbackEvent: ["completed"],
  });
  return response.toString();
}

/**
 * A customer calls one of the account's numbers: an inbound CallEntry on their contact (created when new; one entry
 * however often Twilio retries, keyed on the CallSid), then TwiML that rings every agent with a phone at once and
 * falls through to voicemail when nobody answers.
 */
export async function receiveCall(deps: Deps, call: IncomingCall): Promise<string> {
  const to = toE164(call.to) ?? call.to;
  const accountId = await accountOfNumber(to);
  if (!accountId) throw new UnknownTarget(`${to} is not a number of any account.`);
  const from = toE164(call.from) ?? call.from;
  const contactId = await claimContactId(accountId, from);

  const { entry, created } = await withLock(contactLockKey(contactId), async () => {
    await ensureContact(accountId, contactId, from);
    const now = new Date();
    try {
      const doc = await CallEntryModel.create({
        account_id: accountId,
        customer_id: contactId,
        customer_phone_number: from,
        talkdesk_phone_number: to,
        created_at: now,
        callsid: call.callSid,
        dedupe_key: `${EntryKind.CallEntry}:${call.callSid}`,
        direction: "inbound",
        status: CallStatus.RINGING,
        status_updated_at: now,
      });
      return { entry: doc.toObject() as CallEntry, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await CallEntryModel.findOne({ dedupe_key: `${EntryKind.CallEntry}:${call.callSid}` })
        .lean<CallEntry>()
        .exec();
      if (!existing) throw err;
      return { entry: existing, created: false };
    }
  });
  if (created) {
    await touchContact(accountId, contactId, entry.created_at ?? new Date());
    publishTimeline(deps, entry);
  }

  const agents = await AgentModel.find({ account_id: accountId, phone: { $exists: true, $ne: null } }, { phone: 1 })
    .limit(MAX_AGENTS_DIALLED)
    .lean()
    .exec();
  if (!agents.length) return voicemailTwiml(deps, entry._id);
  const response = new twilio.twiml.VoiceResponse();
  const dial = response.dial({
    callerId: from,
    timeout: RING_SECONDS,
    action: `${deps.config.publicUrl}/webhooks/twilio/voice/dial-status?entryId=${String(entry._id)}`,
  });
  for (const agent of agents) dial.number(agent.phone!);
  return response.toString();
}

/**
 * The `<Dial>` ended. Inbound: answered → completed with its duration; otherwise the entry is a missed call and the
 * caller goes to voicemail. Click-to-call: the customer leg's outcome (the status callbacks usually said it first).
 */
export async function dialEnded(
  deps: Deps,
  input: { entryId: string; dialStatus: string; dialCallSid?: string; duration?: number },
): Promise<string> {
  const answered = input.dialStatus === "completed" || input.dialStatus === "answered";
  const result = await withLock(callLockKey(input.entryId), async () => {
    const entry = await CallEntryModel.findOne({ _id: input.entryId, _type: EntryKind.CallEntry }).lean<CallEntry>().exec();
    if (!entry) return { entry: null, changed: false };
    const status = answered
      ? CallStatus.COMPLETED
      : entry.direction === "inbound"
        ? CallStatus.NO_ANSWER
        : ((["busy", "no-answer", "failed", "canceled"].includes(input.dialStatus) ? input.dialStatus : CallStatus.NO_ANSWER) as CallStatus);
    if (!movesForward(entry.status, status)) return { entry, changed: false };
    const $set: Record<string, unknown> = { status, status_updated_at: new Date() };
    if (answered && input.duration !== undefined) $set.duration = input.duration;
    if (entry.direction !== "inbound" && input.dialCallSid && !entry.child_callsid) $set.child_callsid = input.dialCallSid;
    await CallEntryModel.updateOne({ _id: entry._id }, { $set }).exec();
    return { entry: { ...entry, ...$set } as CallEntry, changed: true };
  });
  if (result.changed && result.entry) publishTimeline(deps, result.entry);

  const response = new twilio.twiml.VoiceResponse();
  if (!result.entry || answered || result.entry.direction !== "inbound") {
    response.hangup();
    return response.toString();
  }
  return voicemailTwiml(deps, result.entry._id, response);
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
  if (!call) return null;
  const now = new Date();
  let voicemail: VoicemailEntry;
  try {
    voicemail = (
      await VoicemailEntryModel.create({
        account_id: call.account_id,
        customer_id: call.customer_id,
        customer_phone_number: call.customer_phone_number,
        talkdesk_phone_number: call.talkdesk_phone_number,
        callsid: rec.callSid,
        duration: String(rec.duration),
        record: rec.recordingUrl.endsWith(".mp3") ? rec.recordingUrl : `${rec.recordingUrl}.mp3`,
        created_at: now,
        dedupe_key: `${EntryKind.VoicemailEntry}:${rec.recordingSid}`,
      })
    ).toObject();
  } catch (err) {
    if (isDuplicateKey(err)) return null;
    throw err;
  }
  publishTimeline(deps, voicemail);
  const minutes = Math.floor(rec.duration / 60);
  await recordMessageOnContact(
    deps,
    call.account_id,
    call.customer_id,
    { entryId: voicemail._id, body: `🎙 Voicemail (${minutes}:${String(rec.duration % 60).padStart(2, "0")})`, direction: Direction.INBOUND, at: now },
    { unread: true },
  );
  return voicemail;
}
