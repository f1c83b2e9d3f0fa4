import type express from "express";
import type { Deps } from "../platform/deps.js";
import { address, BadWebhook, param, queryParam, TwilioWebhooks, wholeNumber, type TwilioParams } from "../twilio/webhook-router.js";
import { WebhookPath } from "../twilio/webhook-paths.js";
import { applyMessageStatus, isOutboundStatus } from "./message-status.service.js";
import { receiveSms, type InboundSms } from "./incoming-sms.service.js";

const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;
const MAX_MEDIA = 10;

function httpUrl(params: TwilioParams, name: string): string {
  const url = param(params, name, true);
  if (!/^https?:\/\/\S+$/.test(url)) throw new BadWebhook(`${name} is not an http(s) URL.`);
  return url;
}

function inboundSmsFrom(params: TwilioParams): InboundSms {
  const messageSid = param(params, "MessageSid", true);
  if (!MESSAGE_SID.test(messageSid)) throw new BadWebhook(`MessageSid "${messageSid}" is not a Twilio message SID.`);
  const numMedia = Number(params.NumMedia ?? "0");
  if (!Number.isInteger(numMedia) || numMedia < 0 || numMedia > MAX_MEDIA)
    throw new BadWebhook(`NumMedia "${params.NumMedia}" is not 0 to ${MAX_MEDIA}.`);
  const media = Array.from({ length: numMedia }, (_, i) => ({
    url: httpUrl(params, `MediaUrl${i}`),
    content_type: param(params, `MediaContentType${i}`) ?? "application/octet-stream",
  }));
  const numSegments = wholeNumber(params, "NumSegments");
  return {
    messageSid,
    from: address(params, "From"),
    to: address(params, "To"),
    body: params.Body ?? "",
    media,
    numSegments: numSegments || undefined,
    optOutType: param(params, "OptOutType"),
  };
}

/** The SMS webhooks (paths in twilio/webhook-paths.ts): thin routes that whitelist Twilio's parameters and call one service each. */
export function smsWebhooks(deps: Deps): express.Router {
  return new TwilioWebhooks(deps)
    .on(WebhookPath.incomingSms, async (params, req) => {
      const result = await receiveSms(deps, inboundSmsFrom(params));
      req.log.info({ messageSid: result.entry.message_sid, outcome: result.outcome }, "inbound SMS");
    })
    .on(WebhookPath.messageStatus, async (params, req) => {
      const messageSid = param(params, "MessageSid", true);
      const status = param(params, "MessageStatus", true);
      if (!isOutboundStatus(status)) throw new BadWebhook(`MessageStatus "${status}" is not a status of an outbound message.`);
      const result = await applyMessageStatus(deps, {
        messageSid,
        status,
        errorCode: wholeNumber(params, "ErrorCode"),
        entryId: queryParam(req, "entryId"),
      });
      if (result.outcome === "unknown") req.log.warn({ messageSid, status }, "status callback for an unknown message");
      else req.log.info({ messageSid, status, outcome: result.outcome }, "message status");
    }).router;
}
