import type express from "express";
import type { Deps } from "../platform/deps.js";
import { quote } from "../platform/errors.js";
import { address, BadWebhook, param, queryParam, TwilioWebhooks, wholeNumber, type TwilioParams } from "../twilio/webhook-router.js";
import { WebhookPath } from "../twilio/webhook-paths.js";
import { applyMessageStatus, isOutboundStatus, type StatusCallback } from "./message-status.service.js";
import { receiveSms, receiveSmsBatch, type InboundSms } from "./incoming-sms.service.js";

const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;
const MAX_MEDIA = 10;

function httpUrl(params: TwilioParams, name: string): string {
  const url = param(params, name, true);
  if (!/^https?:\/\/\S+$/.test(url)) throw new BadWebhook(`${name} is not an http(s) URL.`);
  return url;
}

function inboundSmsFrom(params: TwilioParams): InboundSms {
  const messageSid = param(params, "MessageSid", true);
  if (!MESSAGE_SID.test(messageSid)) throw new BadWebhook(`MessageSid ${quote(messageSid)} is not a Twilio message SID.`);
  const numMedia = Number(params.NumMedia ?? "0");
  if (!Number.isInteger(numMedia) || numMedia < 0 || numMedia > MAX_MEDIA)
    throw new BadWebhook(`NumMedia ${quote(params.NumMedia)} is not 0 to ${MAX_MEDIA}.`);
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

/**
 * The SMS webhooks (paths in twilio/webhook-paths.ts): thin routes that whitelist Twilio's parameters; both record
 * something, so both go through the durable ingest queue (acknowledged once queued on this replica's disk, applied in
 * arrival order per conversation, idempotent on MessageSid and forward-only statuses).
 */
export function smsWebhooks(deps: Deps): express.Router {
  return new TwilioWebhooks(deps)
    .queued(WebhookPath.incomingSms, {
      kind: "sms.inbound",
      parse: (params) => {
        const sms: InboundSms = { ...inboundSmsFrom(params), receivedAt: Date.now() };
        return { payload: sms, orderKey: `sms:${sms.to}:${sms.from}` };
      },
      apply: async (sms: InboundSms) => {
        const result = await receiveSms(deps, sms);
        deps.logger.info({ messageSid: result.entry.message_sid, outcome: result.outcome }, "inbound SMS");
        return { outcome: result.outcome };
      },
      // Under load: one lease, one insertMany and one conversation update per customer per batch.
      applyBatch: async (list: InboundSms[]) => {
        const results = await receiveSmsBatch(deps, list);
        deps.logger.info(
          { messages: list.length, stored: results.filter((r) => !(r instanceof Error) && r.outcome === "stored").length },
          "inbound SMS batch",
        );
        return results.map((r) => (r instanceof Error ? r : { outcome: r.outcome }));
      },
    })
    .queued(WebhookPath.messageStatus, {
      kind: "sms.status",
      parse: (params, req) => {
        const messageSid = param(params, "MessageSid", true);
        const status = param(params, "MessageStatus", true);
        if (!isOutboundStatus(status)) throw new BadWebhook(`MessageStatus ${quote(status)} is not a status of an outbound message.`);
        const entryId = queryParam(req, "entryId");
        const callback: StatusCallback = { messageSid, status, errorCode: wholeNumber(params, "ErrorCode"), entryId };
        return { payload: callback, orderKey: `sms-status:${entryId ?? messageSid}` };
      },
      apply: async (callback: StatusCallback) => {
        const result = await applyMessageStatus(deps, callback);
        const log = { messageSid: callback.messageSid, status: callback.status, outcome: result.outcome };
        if (result.outcome === "unknown") deps.logger.warn(log, "status callback for an unknown message");
        else deps.logger.info(log, "message status");
        return { outcome: result.outcome };
      },
    }).router;
}
