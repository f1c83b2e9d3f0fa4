import type express from "express";
import twilio from "twilio";
import type { Deps } from "../platform/deps.js";
import { BadWebhook, param, queryParam, twilioWebhookRouter, twiml, type TwilioParams } from "../platform/twilio-webhook.js";
import { isCallStatus } from "./call-status.js";
import { dialEnded, receiveCall, storeVoicemail } from "./incoming-call.service.js";
import { agentAnsweredTwiml, applyCallStatus } from "./outbound-call.service.js";

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

function seconds(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
}

/**
 * `/webhooks/twilio/voice/*`, all signed like the SMS webhooks:
 *  - `POST /voice`              a customer calls one of the account's numbers (the number's "A call comes in" URL);
 *  - `POST /voice/connect`      click-to-call: the agent answered, dial the customer;
 *  - `POST /voice/status`       call progress of either leg (`leg=agent|customer`), forward only;
 *  - `POST /voice/dial-status`  a `<Dial>` ended (answered, or not → voicemail for inbound calls);
 *  - `POST /voice/recording`    a voicemail recording is ready;
 *  - `POST /voice/recorded`     the caller finished the voicemail.
 */
export function voiceWebhooks(deps: Deps): express.Router {
  const router = twilioWebhookRouter(deps);

  router.post(
    "/",
    twiml(async (params) => receiveCall(deps, { callSid: callSid(params), from: param(params, "From", true), to: param(params, "To", true) })),
  );

  router.post(
    "/connect",
    twiml(async (params, req) => {
      callSid(params);
      return agentAnsweredTwiml(deps, entryIdOf(req));
    }),
  );

  router.post(
    "/status",
    twiml(async (params, req) => {
      const status = param(params, "CallStatus", true);
      if (!isCallStatus(status)) throw new BadWebhook(`CallStatus "${status}" is not a Twilio call status.`);
      const leg = queryParam(req, "leg") === "customer" ? "customer" : "agent";
      const outcome = await applyCallStatus(deps, {
        entryId: entryIdOf(req),
        leg,
        callSid: callSid(params),
        status,
        duration: seconds(params.CallDuration),
      });
      if (outcome === "unknown") req.log.warn({ callSid: params.CallSid, status }, "call status for an unknown call");
    }),
  );

  router.post(
    "/dial-status",
    twiml(async (params, req) =>
      dialEnded(deps, {
        entryId: entryIdOf(req),
        dialStatus: param(params, "DialCallStatus", true),
        dialCallSid: param(params, "DialCallSid"),
        duration: seconds(params.DialCallDuration),
      }),
    ),
  );

  router.post(
    "/recording",
    twiml(async (params, req) => {
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
        duration: seconds(params.RecordingDuration) ?? 0,
        callSid: callSid(params),
      });
    }),
  );

  router.post(
    "/recorded",
    twiml(async () => {
      const response = new twilio.twiml.VoiceResponse();
      response.say("Thank you, we will call you back. Goodbye.");
      response.hangup();
      return response.toString();
    }),
  );

  return router;
}
