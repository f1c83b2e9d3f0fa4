import express, { type NextFunction, type Request, type Response } from "express";
import twilio from "twilio";
import type { Deps } from "../platform/deps.js";
import { isDatabaseConnected } from "../platform/database.js";
import { AppError } from "../platform/errors.js";
import type { Applied } from "../platform/ingest-drainer.js";
import type { WebhookPath } from "./webhook-paths.js";

export type TwilioParams = Record<string, string>;

/** Errors no retry can cure: a queued event that throws one is set aside and its webhook refused (4xx). */
export function isPermanentWebhookError(err: unknown): boolean {
  return err instanceof BadWebhook || err instanceof UnknownTarget || (err instanceof AppError && err.httpStatus < 500);
}

/** Something wrong with the request itself: answered 400 with the sentence. */
export class BadWebhook extends Error {}

/** Something the request names that no account has (a number): answered 404. */
export class UnknownTarget extends Error {}

/** One parameter, trimmed; blank counts as missing. */
export function param(params: TwilioParams, name: string, required: true): string;
export function param(params: TwilioParams, name: string, required?: false): string | undefined;
export function param(params: TwilioParams, name: string, required = false): string | undefined {
  const value = typeof params[name] === "string" ? params[name].trim() : "";
  if (value === "") {
    if (required) throw new BadWebhook(`${name} is missing.`);
    return undefined;
  }
  return value;
}

/** GraphQL's Int: every count, duration and error code is read back as one. */
const MAX_INT = 2 ** 31 - 1;

/** A count, a duration in seconds or an error code; undefined when blank or not one (1.5, NaN, -1, 1e20, 1e400). */
export function wholeNumber(params: TwilioParams, name: string): number | undefined {
  const n = Number(param(params, name) ?? NaN);
  return Number.isInteger(n) && n >= 0 && n <= MAX_INT ? n : undefined;
}

/** A phone number (E.164, or written with spaces, dots, dashes, brackets), a short code, an alphanumeric sender id, or a channel address. */
const ADDRESS = /^(\+?\(?[0-9][0-9 ().-]{1,24}|[A-Za-z0-9 ]{1,11}|[a-z]+:[\w+.@-]{1,60})$/;

/** `From` or `To` as Twilio sends them; anything else is refused (400) rather than stored. */
export function address(params: TwilioParams, name: string): string {
  const value = param(params, name, true);
  if (!ADDRESS.test(value)) throw new BadWebhook(`${name} "${value.slice(0, 64)}" is not a phone number, short code or sender id.`);
  return value;
}

/** Control characters the database cannot store (NUL) or no person typed; tab and line breaks stay. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Every parameter without control characters, after the signature was checked on what Twilio sent. */
function cleanParams(body: unknown): TwilioParams {
  const clean: TwilioParams = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (typeof value === "string") clean[key] = value.replace(CONTROL, "");
  }
  return clean;
}

/**
 * Twilio's request signature, checked against the configured public URL (PUBLIC_URL + path + query) rather than the
 * URL this process sees, so it holds behind proxies and tunnels. A missing or wrong signature writes nothing (403).
 * The AccountSid, when present, must be ours.
 */
function verifyTwilioSignature(deps: Deps) {
  return (req: Request, res: Response, next: NextFunction) => {
    const signature = req.header("x-twilio-signature");
    const url = deps.config.publicUrl + req.originalUrl;
    const params = (req.body ?? {}) as TwilioParams;
    if (!signature || !twilio.validateRequest(deps.twilioAccount.authToken, signature, url, params)) {
      req.log.warn({ url, signed: !!signature }, "Twilio webhook refused: bad or missing X-Twilio-Signature");
      res.status(403).type("text/plain").send("Invalid or missing X-Twilio-Signature.");
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

/** What a webhook handler answers: TwiML, or nothing (an empty <Response/>). */
export type WebhookHandler = (params: TwilioParams, req: Request) => Promise<string | void>;

/**
 * Twilio's form-encoded, signed webhooks. Each route is registered by its WebhookPath (webhook-paths.ts), behind the
 * body parser and the signature check; a domain's `*.webhooks.ts` only parses parameters and calls one service.
 */
export class TwilioWebhooks {
  readonly router = express.Router();
  private readonly signed: express.RequestHandler[];

  on(path: WebhookPath, handler: WebhookHandler): this {
    this.router.post(path, ...this.signed, count(this.deps, path), twiml(handler));
    return this;
  }

  /**
   * A webhook that records something, acknowledged once it is durable on this replica: the request is read
   * (`parse`: a 400 for what is wrong with it), appended to the ingest queue, and answered once applied — or, when the
   * database does not answer within ACK_WAIT_MS (or is known to be down), at once, the event staying queued until it
   * does. `apply` must be idempotent: after a crash an event may be applied again.
   */
  queued<P>(path: WebhookPath, webhook: QueuedWebhook<P>): this {
    const { ingest } = this.deps;
    const applyBatch = webhook.applyBatch;
    ingest.register(webhook.kind, {
      apply: (payload) => webhook.apply(payload as P),
      ...(applyBatch ? { applyBatch: (payloads: unknown[]) => applyBatch(payloads as P[]) } : {}),
    });
    return this.on(path, async (params, req) => {
      const { payload, orderKey } = webhook.parse(params, req);
      const { settled } = await ingest.submit(webhook.kind, orderKey, payload);
      const outcome = isDatabaseConnected() ? await Promise.race([settled, wait(ACK_WAIT_MS)]) : undefined;
      if (outcome?.state === "rejected") throw outcome.error;
      if (outcome?.state !== "applied") req.log.info({ kind: webhook.kind }, "webhook queued: acknowledged, to be applied when the database answers");
      return outcome?.state === "applied" ? outcome.applied.answer : webhook.answerWhileQueued?.(payload);
    });
  }

  constructor(private readonly deps: Deps) {
    this.signed = [express.urlencoded({ extended: false, limit: "256kb", parameterLimit: 200 }), verifyTwilioSignature(deps)];
  }
}

/** How long a webhook waits for its event to be applied before answering anyway (it is durable by then). */
const ACK_WAIT_MS = 1_000;

const wait = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref());

export interface QueuedWebhook<P> {
  /** The queue's name for these events, e.g. "sms.inbound". */
  kind: string;
  /** The event to queue and its order key (events of one key apply in arrival order). Throws BadWebhook. */
  parse(params: TwilioParams, req: Request): { payload: P; orderKey: string };
  apply(payload: P): Promise<Applied>;
  /** Several at once, in order (bulk writes); one result or error each. Optional: else `apply`, lane by lane. */
  applyBatch?(payloads: P[]): Promise<(Applied | Error)[]>;
  /** The TwiML to answer when the event is queued but not applied yet (default: an empty Response). */
  answerWhileQueued?(payload: P): string | undefined;
}

/** Counts each webhook by path and the status it was answered with. */
function count(deps: Deps, path: WebhookPath): express.RequestHandler {
  return (_req, res, next) => {
    res.on("finish", () => deps.metrics.webhooksReceived.inc({ path, status: String(res.statusCode) }));
    next();
  };
}

/** Webhook answers: 4xx for what is wrong with the request; 503 (Twilio then tries the fallback URL) for our outages. */
function failWebhook(req: Request, res: Response, err: unknown): void {
  if (err instanceof BadWebhook || (err instanceof AppError && err.httpStatus < 500)) {
    res
      .status(400)
      .type("text/plain")
      .send((err as Error).message);
    return;
  }
  if (err instanceof UnknownTarget) {
    req.log.warn({ reason: err.message }, "Twilio webhook for something no account owns");
    res.status(404).type("text/plain").send(err.message);
    return;
  }
  req.log.error({ err }, "Twilio webhook failed");
  res.status(503).type("text/plain").send("Temporarily unable to process this webhook; please retry.");
}

/** Handles a webhook: the handler returns TwiML (or nothing: an empty Response). Errors become 4xx/503 answers. */
function twiml(handler: WebhookHandler) {
  return async (req: Request, res: Response) => {
    try {
      const body = await handler(cleanParams(req.body), req);
      res
        .status(200)
        .type("text/xml")
        .send(body ?? EMPTY_RESPONSE);
    } catch (err) {
      failWebhook(req, res, err);
    }
  };
}

const EMPTY_RESPONSE = new twilio.twiml.MessagingResponse().toString();

export const queryParam = (req: Request, name: string) => (typeof req.query[name] === "string" ? (req.query[name] as string) : undefined);
