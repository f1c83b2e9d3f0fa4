import type { Types } from "mongoose";
import twilio from "twilio";
import { AgentModel, type Agent } from "../auth/agent.model.js";
import { ContactModel, type Contact } from "../contacts/contact.model.js";
import { getContact, touchContact } from "../contacts/contact.service.js";
import { CallStatus, EntryKind } from "../entries/entry.enums.js";
import { publishTimeline } from "../entries/entry-events.js";
import { CallEntryModel, EntryModel, type CallEntry } from "../entries/entry.model.js";
import type { Viewer } from "../platform/context.js";
import type { Deps } from "../platform/deps.js";
import { badInput, forbidden } from "../platform/errors.js";
import { toE164 } from "../platform/e164.js";
import { withLock } from "../platform/lock.js";
import { chooseAccountNumber } from "../phone-numbers/phone-number.service.js";
import { twilioErrorSentence } from "../sms/twilio-errors.js";
import { movesForward } from "./call-status.js";

export const callLockKey = (entryId: Types.ObjectId | string) => `call:${String(entryId)}`;

/** The leg a callback is about: click-to-call rings the agent first (parent), then dials the customer (child). */
export type CallLeg = "agent" | "customer";

/** The caller id: see chooseAccountNumber; by default the number this customer last dealt with, so they recognise it. */
async function callerIdFor(accountId: Types.ObjectId, contact: Contact, requested?: string | null): Promise<string> {
  const last = await EntryModel.findOne(
    { account_id: accountId, customer_id: contact._id, talkdesk_phone_number: { $exists: true } },
    { talkdesk_phone_number: 1 },
  )
    .sort({ _id: -1 })
    .lean()
    .exec();
  return chooseAccountNumber(accountId, "voice", { requested, preferred: last?.talkdesk_phone_number });
}

/**
 * Click-to-call: stores an outbound CallEntry (queued) at once, then asks Twilio to ring the agent's own phone; when
 * the agent answers, `/webhooks/twilio/voice/connect` dials the customer. A refusal by Twilio is recorded on the
 * entry (failed, with its code and a sentence) and returned.
 */
export async function startCall(deps: Deps, viewer: Viewer, input: { contactId: string; from?: string | null }): Promise<CallEntry> {
  if (!viewer.agentId) throw forbidden("Only a signed-in agent can place a call: Twilio rings the agent's own phone first.");
  const agent = await AgentModel.findOne({ _id: viewer.agentId, account_id: viewer.accountId }).lean<Agent>().exec();
  if (!agent?.phone) {
    throw badInput(
      "Your agent profile has no phone number, and click-to-call rings it first: ask an administrator to set it (create-agent --phone).",
      "agent",
    );
  }
  const contact = await getContact(viewer.accountId, input.contactId);
  const to = contact.phone_numbers?.map((n) => toE164(n)).find(Boolean);
  if (!to) throw badInput(`${contact.name} has no phone number to call: add one to the contact first.`, "contactId");
  const from = await callerIdFor(viewer.accountId, contact, input.from);

  const now = new Date();
  const entry: CallEntry = (
    await CallEntryModel.create({
      account_id: viewer.accountId,
      customer_id: contact._id,
      customer_phone_number: to,
      talkdesk_phone_number: from,
      created_at: now,
      direction: "outbound-api",
      status: CallStatus.QUEUED,
      status_updated_at: now,
      agent_id: agent._id,
    })
  ).toObject();
  await touchContact(viewer.accountId, contact._id, now);
  publishTimeline(deps, entry);

  const hooks = `${deps.config.publicUrl}/webhooks/twilio/voice`;
  let update: Record<string, unknown>;
  try {
    const call = await deps.twilio.calls.create({
      to: agent.phone,
      from,
      url: `${hooks}/connect?entryId=${String(entry._id)}`,
      statusCallback: `${hooks}/status?entryId=${String(entry._id)}&leg=agent`,
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
    });
    update = { $set: { callsid: call.sid } };
  } catch (err) {
    const e = err as { code?: number; message?: string };
    const code = typeof e.code === "number" ? e.code : undefined;
    deps.logger.warn({ err, entryId: String(entry._id), code }, "Twilio refused a call");
    update = {
      $set: {
        status: CallStatus.FAILED,
        status_updated_at: new Date(),
        error_code: code,
        error_message: code ? twilioErrorSentence(code, e.message) : `Twilio could not be reached (${e.message ?? "no answer"}); try again.`,
      },
    };
  }
  const updated = await withLock(callLockKey(entry._id), async () => {
    await CallEntryModel.updateOne({ _id: entry._id }, update).exec();
    return CallEntryModel.findById(entry._id).lean<CallEntry>().exec();
  });
  publishTimeline(deps, updated ?? entry);
  return updated ?? entry;
}

export interface CallStatusUpdate {
  entryId: string;
  leg: CallLeg;
  callSid: string;
  status: CallStatus;
  /** Seconds, on the final callback. */
  duration?: number;
}

const AGENT_LEG_FAILURE: Partial<Record<CallStatus, string>> = {
  [CallStatus.NO_ANSWER]: "Your phone did not answer, so the customer was not called.",
  [CallStatus.BUSY]: "Your phone was busy, so the customer was not called.",
  [CallStatus.FAILED]: "Your phone could not be reached, so the customer was not called.",
};

/**
 * A status callback of either leg of a click-to-call, applied forward only under the entry's lock (idempotent on
 * CallSid + status). The entry shows the customer's leg; of the agent's leg it shows the setup (initiated, ringing)
 * and a failure to reach the agent.
 */
export async function applyCallStatus(deps: Deps, update: CallStatusUpdate): Promise<"updated" | "stale" | "unknown"> {
  const result = await withLock(callLockKey(update.entryId), async () => {
    const entry = await CallEntryModel.findOne({ _id: update.entryId, _type: EntryKind.CallEntry }).lean<CallEntry>().exec();
    if (!entry) return { outcome: "unknown" as const };
    const $set: Record<string, unknown> = {};
    if (update.leg === "agent") {
      if (entry.callsid && entry.callsid !== update.callSid) return { outcome: "unknown" as const };
      if (!entry.callsid) $set.callsid = update.callSid;
      const failure = AGENT_LEG_FAILURE[update.status];
      const setup = update.status === CallStatus.INITIATED || update.status === CallStatus.RINGING;
      // The customer leg has not started while only the agent's phone rings: its final state is the call's when
      // the agent never answered.
      if ((setup || failure || update.status === CallStatus.CANCELED) && !entry.child_callsid && movesForward(entry.status, update.status)) {
        const status = failure ? CallStatus.FAILED : update.status;
        Object.assign($set, { status, status_updated_at: new Date() }, failure ? { error_message: failure } : {});
      }
    } else {
      if (entry.child_callsid && entry.child_callsid !== update.callSid) return { outcome: "unknown" as const };
      if (!entry.child_callsid) $set.child_callsid = update.callSid;
      if (movesForward(entry.status, update.status)) {
        Object.assign($set, { status: update.status, status_updated_at: new Date() });
        if (update.status === CallStatus.COMPLETED && update.duration !== undefined) $set.duration = update.duration;
      }
    }
    if (!Object.keys($set).length) return { outcome: "stale" as const };
    await CallEntryModel.updateOne({ _id: entry._id }, { $set }).exec();
    return { outcome: "updated" as const, entry: { ...entry, ...$set } as CallEntry };
  });
  if (result.outcome === "updated") publishTimeline(deps, result.entry);
  return result.outcome;
}

/**
 * TwiML for the agent who just answered their phone: say who is being called, then dial the customer from the
 * account's number, reporting the customer leg's progress to the status webhook.
 */
export async function agentAnsweredTwiml(deps: Deps, entryId: string): Promise<string> {
  const entry = await CallEntryModel.findOne({ _id: entryId, _type: EntryKind.CallEntry, direction: "outbound-api" }).lean<CallEntry>().exec();
  const response = new twilio.twiml.VoiceResponse();
  if (!entry?.customer_phone_number) {
    response.say("This call is no longer available. Goodbye.");
    response.hangup();
    return response.toString();
  }
  const contact = await ContactModel.findById(entry.customer_id, { name: 1 }).lean().exec();
  const hooks = `${deps.config.publicUrl}/webhooks/twilio/voice`;
  response.say(`Calling ${contact?.name && !contact.name.startsWith("+") ? contact.name : "the customer"}.`);
  const dial = response.dial({
    callerId: entry.talkdesk_phone_number,
    timeout: 25,
    answerOnBridge: true,
    action: `${hooks}/dial-status?entryId=${String(entry._id)}`,
  });
  dial.number(
    {
      statusCallback: `${hooks}/status?entryId=${String(entry._id)}&leg=customer`,
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
    },
    entry.customer_phone_number,
  );
  return response.toString();
}
