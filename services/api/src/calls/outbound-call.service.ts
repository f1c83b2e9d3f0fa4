import type { Types } from "mongoose";
import { AgentModel, type Agent } from "../auth/agent.model.js";
import { ContactModel, type Contact } from "../contacts/contact.model.js";
import { getContact, touchContact } from "../contacts/contact.service.js";
import { chooseAccountNumber } from "../phone-numbers/phone-number.service.js";
import type { Viewer } from "../platform/context.js";
import type { Deps } from "../platform/deps.js";
import { toE164 } from "../platform/e164.js";
import { badInput, forbidden } from "../platform/errors.js";
import { publishTimeline, updateEntry } from "../timeline/entry-events.js";
import { EntryKind } from "../timeline/entry.enums.js";
import { EntryModel } from "../timeline/entry.model.js";
import { refusedFields, requestTwilio } from "../twilio/request.js";
import { CallEntryModel, type CallEntry } from "./call-entry.model.js";
import { CallStatus } from "./call.enums.js";
import { callLockKey } from "./call-status.service.js";
import { agentLegUrls } from "./voice.twiml.js";

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
 * the agent answers, the agent-answered webhook dials the customer. A refusal by Twilio is recorded on the entry
 * (failed, with its code and a sentence) and returned.
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

  const answer = await requestTwilio(deps, { refused: "Twilio refused a call", log: { entryId: String(entry._id) }, unreachable: "try again." }, () =>
    deps.twilio.calls.create({ to: agent.phone!, from, ...agentLegUrls(deps.config.publicUrl, entry._id) }),
  );
  const update = answer.ok ? { $set: { callsid: answer.value.sid } } : { $set: refusedFields(answer.refusal, CallStatus.FAILED) };
  return updateEntry(deps, CallEntryModel, callLockKey(entry._id), entry, update);
}

/**
 * Click-to-call, the agent answered: the customer to dial, or null when the call is gone or the webhook is about
 * another call (its CallSid is not the entry's).
 */
export async function callToConnect(entryId: string, callSid: string): Promise<{ entry: CallEntry; customerName?: string } | null> {
  const entry = await CallEntryModel.findOne({ _id: entryId, _type: EntryKind.CallEntry, direction: "outbound-api" }).lean<CallEntry>().exec();
  if (!entry?.customer_phone_number || (entry.callsid && entry.callsid !== callSid)) return null;
  const contact = await ContactModel.findById(entry.customer_id, { name: 1 }).lean().exec();
  return { entry, customerName: contact?.name };
}
