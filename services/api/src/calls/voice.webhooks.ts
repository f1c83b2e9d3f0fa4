import type express from "express";
import { Types } from "mongoose";
import { toE164 } from "../platform/e164.js";
import type { Deps } from "../platform/deps.js";
import { quote } from "../platform/errors.js";
import { address, BadWebhook, param, queryParam, TwilioWebhooks, wholeNumber, type TwilioParams } from "../twilio/webhook-router.js";
import { WebhookPath } from "../twilio/webhook-paths.js";
import { applyCallStatus, applyDialOutcome, isAnswered, isCallStatus, type CallStatusUpdate, type DialOutcome } from "./call-status.service.js";
import { receiveCall, storeVoicemail, type IncomingCall, type Recording } from "./incoming-call.service.js";
import { callToConnect } from "./outbound-call.service.js";
import { callUnavailableTwiml, dialCustomerTwiml, hangupTwiml, ringAgentsTwiml, voicemailThanksTwiml, voicemailTwiml } from "./voice.twiml.js";

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;
const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

function callSid(params: TwilioParams, name = "CallSid"): string {
  const sid = param(params, name, true);
  if (!CALL_SID.test(sid)) throw new BadWebhook(`${name} ${quote(sid)} is not a Twilio call SID.`);
  return sid;
}

function entryIdOf(req: express.Request): string {
  const id = queryParam(req, "entryId");
  if (!id || !OBJECT_ID.test(id)) throw new BadWebhook("entryId is missing from the webhook URL.");
  return id;
}

const MAX_REMEMBERED_NUMBERS = 10_000;

function remember(cache: Map<string, string[]>, number: string, phones: string[]): void {
  cache.delete(number);
  if (cache.size >= MAX_REMEMBERED_NUMBERS) cache.delete(cache.keys().next().value!);
  cache.set(number, phones);
}

/**
 * The voice webhooks, all signed like the SMS webhooks (paths in twilio/webhook-paths.ts):
 *  - incomingCall   a customer calls one of the account's numbers (the number's "A call comes in" URL);
 *  - agentAnswered  click-to-call: the agent answered, dial the customer;
 *  - callStatus     call progress of either leg (`leg=agent|customer`), forward only;
 *  - dialStatus     a `<Dial>` ended (answered, or not → voicemail for inbound calls);
 *  - recording      a voicemail recording is ready;
 *  - recorded       the caller finished the voicemail.
 */
export function voiceWebhooks(deps: Deps): express.Router {
  const publicUrl = deps.config.publicUrl;
  /** The agents' phones last rung for each number: how /voice answers while the database does not. */
  const ringing = new Map<string, string[]>();
  const answerCall = (entryId: Types.ObjectId | string, from: string, agentPhones: string[]) =>
    agentPhones.length ? ringAgentsTwiml(publicUrl, entryId, from, agentPhones) : voicemailTwiml(publicUrl, entryId);
  return new TwilioWebhooks(deps)
    .queued(WebhookPath.incomingCall, {
      kind: "call.incoming",
      // The entry's id is chosen now: the TwiML answered (at once, or from the queue) already points at it.
      parse: (params) => {
        const call: IncomingCall = {
          callSid: callSid(params),
          from: address(params, "From"),
          to: address(params, "To"),
          entryId: new Types.ObjectId().toHexString(),
        };
        // The call's later webhooks (dial status, recording) name this entry: one lane, in order.
        return { payload: call, orderKey: `call:${call.entryId}` };
      },
      apply: async (incoming: IncomingCall) => {
        const call = await receiveCall(deps, incoming);
        remember(ringing, toE164(incoming.to) ?? incoming.to, call.agentPhones);
        return { outcome: "stored", answer: answerCall(call.entry._id, call.from, call.agentPhones) };
      },
      // The database is not answering: ring the agents this replica last saw for the number, else take a voicemail.
      answerWhileQueued: (incoming: IncomingCall) =>
        answerCall(incoming.entryId!, toE164(incoming.from) ?? incoming.from, ringing.get(toE164(incoming.to) ?? incoming.to) ?? []),
    })
    .on(WebhookPath.agentAnswered, async (params, req) => {
      const call = await callToConnect(entryIdOf(req), callSid(params));
      if (!call) return callUnavailableTwiml();
      return dialCustomerTwiml(publicUrl, {
        entryId: call.entry._id,
        customerName: call.customerName,
        customerNumber: call.entry.customer_phone_number!,
        callerId: call.entry.talkdesk_phone_number,
      });
    })
    .queued(WebhookPath.callStatus, {
      kind: "call.status",
      parse: (params, req) => {
        const status = param(params, "CallStatus", true);
        if (!isCallStatus(status)) throw new BadWebhook(`CallStatus ${quote(status)} is not a Twilio call status.`);
        const update: CallStatusUpdate = {
          entryId: entryIdOf(req),
          leg: queryParam(req, "leg") === "customer" ? "customer" : "agent",
          callSid: callSid(params),
          parentCallSid: param(params, "ParentCallSid"),
          status,
          duration: wholeNumber(params, "CallDuration"),
        };
        return { payload: update, orderKey: `call:${update.entryId}` };
      },
      apply: async (update: CallStatusUpdate) => {
        const outcome = await applyCallStatus(deps, update);
        if (outcome === "unknown") deps.logger.warn({ callSid: update.callSid, status: update.status }, "call status for an unknown call");
        return { outcome };
      },
    })
    .queued(WebhookPath.dialStatus, {
      kind: "call.dial",
      parse: (params, req) => {
        const outcome: DialOutcome & { inbound: boolean } = {
          entryId: entryIdOf(req),
          callSid: callSid(params),
          dialStatus: param(params, "DialCallStatus", true),
          dialCallSid: param(params, "DialCallSid"),
          duration: wholeNumber(params, "DialCallDuration"),
          // Our own <Dial action> URL says which way the call goes: the answer needs no read.
          inbound: queryParam(req, "direction") === "inbound",
        };
        return { payload: outcome, orderKey: `call:${outcome.entryId}` };
      },
      apply: async (outcome: DialOutcome & { inbound: boolean }) => {
        const { entry, answered } = await applyDialOutcome(deps, outcome);
        // An incoming call nobody answered goes to voicemail; everything else ends here.
        return {
          outcome: entry ? "updated" : "unknown",
          answer: entry && !answered && entry.direction === "inbound" ? voicemailTwiml(publicUrl, entry._id) : hangupTwiml(),
        };
      },
      answerWhileQueued: (outcome) =>
        outcome.inbound && !isAnswered(outcome.dialStatus) ? voicemailTwiml(publicUrl, outcome.entryId) : hangupTwiml(),
    })
    .queued(WebhookPath.recording, {
      kind: "call.recording",
      parse: (params, req) => {
        const orderKey = `call:${queryParam(req, "entryId")}`;
        if (params.RecordingStatus && params.RecordingStatus !== "completed") return { payload: { incomplete: params.RecordingStatus }, orderKey };
        const recordingSid = param(params, "RecordingSid", true);
        if (!RECORDING_SID.test(recordingSid)) throw new BadWebhook(`RecordingSid ${quote(recordingSid)} is not a Twilio recording SID.`);
        const recordingUrl = param(params, "RecordingUrl", true);
        if (!/^https?:\/\//.test(recordingUrl)) throw new BadWebhook("RecordingUrl is not an http(s) URL.");
        const recording: Recording = {
          entryId: entryIdOf(req),
          recordingSid,
          recordingUrl,
          duration: wholeNumber(params, "RecordingDuration") ?? 0,
          callSid: callSid(params),
        };
        return { payload: recording, orderKey };
      },
      apply: async (recording: Recording | { incomplete: string }) => {
        if ("incomplete" in recording) {
          deps.logger.warn({ status: recording.incomplete }, "voicemail recording not completed");
          return { outcome: "incomplete" };
        }
        return { outcome: (await storeVoicemail(deps, recording)) ? "stored" : "duplicate" };
      },
    })
    .on(WebhookPath.recorded, async () => voicemailThanksTwiml()).router;
}
