import type express from "express";
import type { Deps } from "../platform/deps.js";
import { address, BadWebhook, param, queryParam, TwilioWebhooks, wholeNumber, type TwilioParams } from "../twilio/webhook-router.js";
import { WebhookPath } from "../twilio/webhook-paths.js";
import { applyCallStatus, applyDialOutcome, isCallStatus } from "./call-status.service.js";
import { receiveCall, storeVoicemail } from "./incoming-call.service.js";
import { callToConnect } from "./outbound-call.service.js";
import { callUnavailableTwiml, dialCustomerTwiml, hangupTwiml, ringAgentsTwiml, voicemailThanksTwiml, voicemailTwiml } from "./voice.twiml.js";

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;
const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

function callSid(params: TwilioParams, name = "CallSid"): string {
  const sid = param(params, name, true);
  if (!CALL_SID.test(sid)) throw new BadWebhook(`${name} "${sid}" is not a Twilio call SID.`);
  return sid;
}

function entryIdOf(req: express.Request): string {
  const id = queryParam(req, "entryId");
  if (!id || !OBJECT_ID.test(id)) throw new BadWebhook("entryId is missing from the webhook URL.");
  return id;
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
  return new TwilioWebhooks(deps)
    .on(WebhookPath.incomingCall, async (params) => {
      const call = await receiveCall(deps, { callSid: callSid(params), from: address(params, "From"), to: address(params, "To") });
      return call.agentPhones.length
        ? ringAgentsTwiml(publicUrl, call.entry._id, call.from, call.agentPhones)
        : voicemailTwiml(publicUrl, call.entry._id);
    })
    .on(WebhookPath.agentAnswered, async (params, req) => {
      callSid(params);
      const call = await callToConnect(entryIdOf(req));
      if (!call) return callUnavailableTwiml();
      return dialCustomerTwiml(publicUrl, {
        entryId: call.entry._id,
        customerName: call.customerName,
        customerNumber: call.entry.customer_phone_number!,
        callerId: call.entry.talkdesk_phone_number,
      });
    })
    .on(WebhookPath.callStatus, async (params, req) => {
      const status = param(params, "CallStatus", true);
      if (!isCallStatus(status)) throw new BadWebhook(`CallStatus "${status}" is not a Twilio call status.`);
      const leg = queryParam(req, "leg") === "customer" ? "customer" : "agent";
      const outcome = await applyCallStatus(deps, {
        entryId: entryIdOf(req),
        leg,
        callSid: callSid(params),
        status,
        duration: wholeNumber(params, "CallDuration"),
      });
      if (outcome === "unknown") req.log.warn({ callSid: params.CallSid, status }, "call status for an unknown call");
    })
    .on(WebhookPath.dialStatus, async (params, req) => {
      const { entry, answered } = await applyDialOutcome(deps, {
        entryId: entryIdOf(req),
        dialStatus: param(params, "DialCallStatus", true),
        dialCallSid: param(params, "DialCallSid"),
        duration: wholeNumber(params, "DialCallDuration"),
      });
      // An incoming call nobody answered goes to voicemail; everything else ends here.
      return entry && !answered && entry.direction === "inbound" ? voicemailTwiml(publicUrl, entry._id) : hangupTwiml();
    })
    .on(WebhookPath.recording, async (params, req) => {
      if (params.RecordingStatus && params.RecordingStatus !== "completed") {
        req.log.warn({ status: params.RecordingStatus, callSid: params.CallSid }, "voicemail recording not completed");
        return;
      }
      const recordingSid = param(params, "RecordingSid", true);
      if (!RECORDING_SID.test(recordingSid)) throw new BadWebhook(`RecordingSid "${recordingSid}" is not a Twilio recording SID.`);
      const recordingUrl = param(params, "RecordingUrl", true);
      if (!/^https?:\/\//.test(recordingUrl)) throw new BadWebhook("RecordingUrl is not an http(s) URL.");
      await storeVoicemail(deps, {
        entryId: entryIdOf(req),
        recordingSid,
        recordingUrl,
        duration: wholeNumber(params, "RecordingDuration") ?? 0,
        callSid: callSid(params),
      });
    })
    .on(WebhookPath.recorded, async () => voicemailThanksTwiml()).router;
}
