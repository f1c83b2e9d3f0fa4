import express, { type NextFunction, type Request, type Response } from "express";
import twilio from "twilio";
import type { Deps } from "../platform/deps.js";
import { AppError } from "../platform/errors.js";
import { applyMessageStatus, isOutboundStatus } from "./message-status.service.js";
import { UnknownNumberError, receiveSms, type InboundSms } from "./incoming-sms.service.js";

const EMPTY_TWIML = new twilio.twiml.MessagingResponse().toString();
const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;
const MAX_MEDIA = 10;

type Params = Record<string, string>;

class BadWebhook extends Error {}

function param(params: Params, name: string, required = true): string | undefined {
  const value = params[name];
  if (typeof value !== "string" || value === "") {
    if (required) throw new BadWebhook(`${name} is missing.`);
    return undefined;
  }
  return value;
}

/**
 * Twilio's request signature, checked against the configured public URL (PUBLIC_URL + path + query) rather than the
 * URL this process sees, so it holds behind proxies and tunnels. A missing or wrong signature writes nothing (403).
 */
function verifyTwilioSignature(deps: Deps) {
  return (req: Request, res: Response, next: NextFunction) => {
    const signature = req.header("x-twilio-signature");
    const url = deps.config.publicUrl + req.originalUrl;
    const params = (req.body ?? {}) as Params;
    if (!signature || !twilio.validateRequest(deps.twilioAccount.authToken, signature, url, params)) {
      req.log.warn({ url, signed: !!signature }, "Twilio webhook refused: bad or missing X-Twilio-Signature");
      res.status(403).type("text/plain").send("Invalid X-Twilio-Signature for " + url);
      return;
    }
    if (params.AccountSid && params.AccountSid !== deps.twilioAccount.accountSid) {
      req.log.warn({ accountSid: params.AccountSid }, "Twilio webhook refused: another Twilio account");
      res.status(403).type("text/plain").send("This webhook belongs to another Twilio account.");
      return;
    }
    next();
  };
}

function inboundSmsFrom(params: Params): InboundSms {
  const messageSid = param(params, "MessageSid") ?? "";
  if (!MESSAGE_SID.test(messageSid)) throw new BadWebhook(`MessageSid "${messageSid}" is not a Twilio message SID.`);
  const numMedia = Number(params.NumMedia ?? "0");
  if (!Number.isInteger(numMedia) || numMedia < 0 || numMedia > MAX_MEDIA) throw new BadWebhook(`NumMedia "${params.NumMedia}" is not 0 to ${MAX_MEDIA}.`);
  const media = Array.from({ length: numMedia }, (_, i) => ({
    url: param(params, `MediaUrl${i}`)!,
    content_type: param(params, `MediaContentType${i}`, false) ?? "application/octet-stream",
  }));
  const numSegments = Number(params.NumSegments);
  return {
    messageSid,
    from: param(params, "From")!,
    to: param(params, "To")!,
    body: params.Body ?? "",
    media,
    numSegments: Number.isInteger(numSegments) && numSegments > 0 ? numSegments : undefined,
    optOutType: param(params, "OptOutType", false),
  };
}

/** Webhook answers: 4xx for what is wrong with the request; 503 (Twilio then tries the fallback URL) for our outages. */
function fail(req: Request, res: Response, err: unknown): void {
  if (err instanceof BadWebhook || (err instanceof AppError && err.httpStatus < 500)) {
    res.status(400).type("text/plain").send((err as Error).message);
    return;
  }
  if (err instanceof UnknownNumberError) {
    req.log.warn({ to: err.number }, "SMS webhook for a number no account owns");
    res.status(404).type("text/plain").send(err.message);
    return;
  }
  req.log.error({ err }, "Twilio webhook failed");
  res.status(503).type("text/plain").send("Temporarily unable to store the message; please retry.");
}

/** `/webhooks/twilio/*`: thin routes that whitelist Twilio's parameters and call one service each. */
export function twilioWebhooks(deps: Deps): express.Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: "256kb", parameterLimit: 200 }));
  router.use(verifyTwilioSignature(deps));

  router.post("/sms", async (req, res) => {
    try {
      const result = await receiveSms(deps, inboundSmsFrom(req.body as Params));
      req.log.info({ messageSid: result.entry.message_sid, outcome: result.outcome }, "inbound SMS");
      res.status(200).type("text/xml").send(EMPTY_TWIML);
    } catch (err) {
      fail(req, res, err);
    }
  });

  router.post("/status", async (req, res) => {
    try {
      const params = req.body as Params;
      const messageSid = param(params, "MessageSid")!;
      const status = param(params, "MessageStatus")!;
      if (!isOutboundStatus(status)) throw new BadWebhook(`MessageStatus "${status}" is not a status of an outbound message.`);
      const errorCode = params.ErrorCode ? Number(params.ErrorCode) : undefined;
      const entryId = typeof req.query.entryId === "string" ? req.query.entryId : undefined;
      const result = await applyMessageStatus(deps, { messageSid, status, errorCode: Number.isFinite(errorCode) ? errorCode : undefined, entryId });
      if (result.outcome === "unknown") req.log.warn({ messageSid, status }, "status callback for an unknown message");
      else req.log.info({ messageSid, status, outcome: result.outcome }, "message status");
      res.status(200).type("text/xml").send(EMPTY_TWIML);
    } catch (err) {
      fail(req, res, err);
    }
  });

  return router;
}
