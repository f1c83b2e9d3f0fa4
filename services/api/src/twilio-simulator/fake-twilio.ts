/**
 * A fake of Twilio's REST API (2010-04-01) and of Twilio's webhooks, for the real `twilio` SDK to talk to.
 *
 * Used two ways:
 *  - tests: `await fake.listen()` on 127.0.0.1, then `createTwilioClient({ ..., apiUrl: url })`;
 *  - development: the API mounts `fake.router()` at /dev/twilio, so `npm run dev` sends SMS without a Twilio account.
 *
 * What it checks, like Twilio (in this order): HTTP Basic auth is this fake's AccountSid:AuthToken and the path's
 * AccountSid is that account (401, 20003); `To` present (400, 21604) and E.164 (400, 21211); `From` or
 * `MessagingServiceSid` present (400, 21603) and well-formed (21212, 21701); `Body` or `MediaUrl` present (400, 21602);
 * every MediaUrl an http(s) URL (400, 21620); Body at most 1,600 characters (400, 21617).
 *
 * Deterministic outcomes, chosen by the last four digits of `To`, so tests and demos can reach every path:
 *  - …0001 → refused at create: 400, 21610 "Attempt to send to unsubscribed recipient" (the recipient sent STOP);
 *  - …0002 → refused at create: 400, 21614 "'To' number is not a valid mobile number" (a landline);
 *  - …0000 → accepted (201, queued), then sending → sent → undelivered with ErrorCode 30003 (handset unreachable);
 *  - anything else → accepted (201, queued), then sending → sent → delivered.
 *
 * Status callbacks: only when the create request carried `StatusCallback`, never for the initial status (as Twilio),
 * each a form-encoded POST to that URL exactly as given (query string included), signed with X-Twilio-Signature.
 * `callbacks: "auto"` sends them on timers (delaysMs, counted from the create), one at a time in Twilio's usual order;
 * `"manual"` only plans them, and the test plays them with playCallback(), in any order and as often as it likes: real
 * Twilio neither orders nor de-duplicates them, and the product must cope.
 *
 * Calls (POST .../Calls.json) will slot in the same way: a route, a resource record, and a CallbackTarget whose plan
 * is initiated → ringing → in-progress → completed; signing, scheduling and playing are shared.
 */
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { pino, type Logger } from "pino";
import { SegmentedMessage } from "sms-segments-calculator";
import twilio from "twilio";

const API_VERSION = "2010-04-01";
const MAX_BODY_CHARS = 1600;
/** Twilio gives a webhook 15 s for the whole response. */
const WEBHOOK_TIMEOUT_MS = 15_000;
const DEFAULT_DELAYS = { sending: 100, sent: 300, delivered: 900 } as const;

const SIMULATOR_ACCOUNT_SID = `AC${"5".repeat(32)}`;
const SIMULATOR_AUTH_TOKEN = "simulator-only-auth-token-not-a-twilio-secret";

/**
 * Fixed credentials for the built-in simulator in development and for tests. They open nothing at Twilio: the
 * AccountSid is well-formed (so config validation and the SDK accept it) but belongs to no real account.
 */
export function simulatorCredentials(): { accountSid: string; authToken: string } {
  return { accountSid: SIMULATOR_ACCOUNT_SID, authToken: SIMULATOR_AUTH_TOKEN };
}

export type MessageStatus =
  | "accepted"
  | "scheduled"
  | "queued"
  | "sending"
  | "sent"
  | "delivered"
  | "undelivered"
  | "failed"
  | "read"
  | "canceled";

/** Form parameters as Express parses them: a repeated name (MediaUrl) becomes an array. */
export type FormParams = Record<string, string | string[]>;

export interface FakeTwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
  /** The current status: advances as callbacks fire (auto) or are played (manual); never goes backwards. */
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  numSegments: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
  /** The create request's form parameters, as received. */
  params: FormParams;
}

export interface FakeTwilioRequest {
  method: string;
  /** Relative to where the router is mounted, without the query string. */
  path: string;
  params: FormParams;
  /** The form body exactly as sent, for checks that must not trust this fake's own parsing. */
  rawBody: string;
  /** Whether Basic auth carried this fake's AccountSid:AuthToken. */
  authOk: boolean;
}

export interface PlannedCallback {
  sid: string;
  status: string;
  url: string;
  params: Record<string, string>;
}

export interface SentCallback extends PlannedCallback {
  signature: string;
  response?: { status: number; body: string };
  error?: string;
}

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  callbacks: "auto" | "manual";
  /**
   * When each status happens, in ms after the create. Omitting `sending` skips that status, as Twilio sometimes does.
   * Default: sending 100, sent 300, delivered (or the failure) 900.
   */
  delaysMs?: { sending?: number; sent: number; delivered: number };
  logger?: Logger;
}

export interface InboundSmsOptions {
  webhookUrl: string;
  from: string;
  to: string;
  body: string;
  media?: { url: string; contentType: string }[];
  /** Reuse a sid to replay the same message, as Twilio may deliver it twice. */
  messageSid?: string;
  /** Added last: overrides or new parameters (Twilio adds parameters without notice). */
  extra?: Record<string, string>;
  /** Sign with this auth token instead of the fake's: a forged request. */
  signWith?: string;
  /** Send no X-Twilio-Signature at all. */
  unsigned?: boolean;
}

/** Twilio's deterministic outcomes by the last four digits of `To` (see the top of this file). */
const OUTBOUND_RULES: { suffix: string; refuse?: { code: number; message: string }; fail?: { status: MessageStatus; errorCode: number } }[] = [
  { suffix: "0001", refuse: { code: 21610, message: "Attempt to send to unsubscribed recipient" } },
  { suffix: "0002", refuse: { code: 21614, message: "'To' number is not a valid mobile number" } },
  { suffix: "0000", fail: { status: "undelivered", errorCode: 30003 } },
];

const ERROR_MESSAGES: Record<number, string> = {
  30003: "Unreachable destination handset",
};

/** Later statuses win: callbacks arrive out of order, the resource's status does not go backwards. */
const PROGRESS: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  read: 5,
};

const E164 = /^\+[1-9]\d{1,14}$/;
const SHORT_CODE = /^\d{3,8}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/**
 * One resource whose status Twilio reports by callbacks (a message today, a call later): where to POST, the
 * parameters for a status, and what a status does to the resource.
 */
interface CallbackTarget {
  sid: string;
  url: string | null;
  paramsFor(status: string): Record<string, string>;
  apply(status: string, params: Record<string, string>): void;
  plan: { status: string; atMs: number; done: boolean }[];
  /** The last automatic delivery: the next one waits for it, so auto mode posts in Twilio's order even on a slow receiver. */
  delivering?: Promise<unknown>;
}

class TwilioApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class FakeTwilio {
  readonly accountSid: string;
  readonly authToken: string;
  /** Every accepted message, oldest first. */
  readonly messages: FakeTwilioMessage[] = [];
  /** Every request the router received, accepted or not. */
  readonly requests: FakeTwilioRequest[] = [];
  /** Every status callback this fake POSTed (auto or played), with the answer it got. */
  readonly callbacksSent: SentCallback[] = [];
  /** The base URL listen() resolved with; "" when not listening (mounted in another app, or closed). */
  url = "";

  private readonly mode: "auto" | "manual";
  private readonly delays: { sending?: number; sent: number; delivered: number };
  private readonly logger: Logger;
  private readonly targets = new Map<string, CallbackTarget>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborter = new AbortController();
  private httpServer?: HttpServer;
  private closed = false;

  constructor(opts: FakeTwilioOptions) {
    this.accountSid = opts.accountSid;
    this.authToken = opts.authToken;
    this.mode = opts.callbacks;
    this.delays = opts.delaysMs ?? DEFAULT_DELAYS;
    this.logger = (opts.logger ?? pino({ level: "silent" })).child({ component: "fake-twilio" });
  }

  /** Twilio's REST API, mountable at any base path ("/" in tests, "/dev/twilio" in the API). */
  router(): express.Router {
    const router = express.Router();
    router.use(
      express.urlencoded({
        extended: false,
        limit: "1mb",
        verify: (req, _res, buf) => {
          (req as Request & { rawBody?: string }).rawBody = buf.toString("utf8");
        },
      }),
    );
    router.use((req, _res, next) => {
      this.requests.push({
        method: req.method,
        path: req.path,
        params: { ...((req.body as FormParams | undefined) ?? {}) },
        rawBody: (req as Request & { rawBody?: string }).rawBody ?? "",
        authOk: this.isAuthorized(req),
      });
      next();
    });
    router.use(`/${API_VERSION}`, (req, res, next) => {
      if (this.isAuthorized(req)) return next();
      res.setHeader("WWW-Authenticate", 'Basic realm="Twilio API"');
      sendError(res, new TwilioApiError(401, 20003, "Authenticate"));
    });

    router.post(`/${API_VERSION}/Accounts/:AccountSid/Messages.json`, this.accountRoute((req, res) => {
      const message = this.createMessage(form(req));
      res.status(201).json(this.messageResource(message));
    }));
    router.get(`/${API_VERSION}/Accounts/:AccountSid/Messages/:Sid.json`, this.accountRoute((req, res) => {
      const message = this.messages.find((m) => m.sid === req.params.Sid);
      if (!message) throw notFound(req);
      res.json(this.messageResource(message));
    }));

    router.use(`/${API_VERSION}`, (req, res) => sendError(res, notFound(req)));
    router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
      if (res.headersSent) return next(err);
      if (err instanceof TwilioApiError) return sendError(res, err);
      const status = (err as { status?: number }).status;
      if (status && status >= 400 && status < 500) {
        return sendError(res, new TwilioApiError(status, 20001, (err as Error).message));
      }
      this.logger.error({ err }, "fake Twilio failed on a request");
      sendError(res, new TwilioApiError(500, 20500, "Internal Server Error"));
    });
    return router;
  }

  /** Serves the router at "/" on 127.0.0.1 (by default) and resolves its base URL. */
  async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    if (this.httpServer) throw new Error("FakeTwilio is already listening");
    const app = express();
    app.disable("x-powered-by");
    app.use(this.router());
    const server = createServer(app);
    this.httpServer = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    const { port: actual } = server.address() as AddressInfo;
    this.url = `http://${host.includes(":") ? `[${host}]` : host}:${actual}`;
    return this.url;
  }

  /** Cancels every planned callback, aborts those in flight and stops listening. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimers();
    this.aborter.abort();
    const server = this.httpServer;
    this.httpServer = undefined;
    this.url = "";
    if (server?.listening) {
      // The SDK keeps connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /**
   * Empties the records (messages, requests, callbacksSent) between tests. What Twilio still owes earlier messages is
   * kept, as with Twilio: their planned callbacks still fire (auto) or can still be played late by sid (manual).
   */
  reset(): void {
    this.messages.length = 0;
    this.requests.length = 0;
    this.callbacksSent.length = 0;
  }

  /**
   * The callbacks still to come, in Twilio's order (auto: not yet fired; manual: not yet played): for one message by
   * sid, or for every message recorded since the last reset().
   */
  pendingCallbacks(sid?: string): PlannedCallback[] {
    const targets = sid
      ? [this.targets.get(sid)].filter((t): t is CallbackTarget => t !== undefined)
      : this.messages.map((m) => this.targets.get(m.sid)).filter((t): t is CallbackTarget => t !== undefined);
    return targets.flatMap((target) =>
      target.url === null
        ? []
        : target.plan.filter((step) => !step.done).map((step) => ({ sid: target.sid, status: step.status, url: target.url!, params: target.paramsFor(step.status) })),
    );
  }

  /**
   * Signs and POSTs the callback for `status` now, whatever came before (any order, any number of times), and applies
   * the status to the resource if it is later than its current one. `extra` adds or overrides parameters.
   */
  async playCallback(sid: string, status: string, extra: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    const target = this.targets.get(sid);
    if (!target) throw new Error(`FakeTwilio has no message ${sid}`);
    if (!target.url) throw new Error(`Message ${sid} was created without StatusCallback: Twilio would call nothing`);
    const step = target.plan.find((s) => s.status === status && !s.done);
    if (step) step.done = true;
    const params = { ...target.paramsFor(status), ...extra };
    target.apply(status, params);
    const sent = await this.postCallback(sid, status, target.url, params);
    if (!sent.response) throw new Error(`Status callback ${status} for ${sid} to ${target.url} failed: ${sent.error}`);
    return sent.response;
  }

  /**
   * Plays Twilio receiving an SMS/MMS: the inbound webhook's parameters, signed for `webhookUrl` and POSTed
   * form-encoded. Resolves with the webhook's answer (TwiML, normally) and what was sent.
   */
  async sendInboundSms(
    opts: InboundSmsOptions,
  ): Promise<{ status: number; body: string; messageSid: string; params: Record<string, string> }> {
    const media = opts.media ?? [];
    const messageSid = opts.messageSid ?? newSid(media.length > 0 ? "MM" : "SM");
    const params: Record<string, string> = {
      ToCountry: countryOf(opts.to),
      ToState: "",
      SmsMessageSid: messageSid,
      NumMedia: String(media.length),
      ToCity: "",
      FromZip: "",
      SmsSid: messageSid,
      FromState: "",
      SmsStatus: "received",
      FromCity: "",
      Body: opts.body,
      FromCountry: countryOf(opts.from),
      To: opts.to,
      ToZip: "",
      NumSegments: String(Math.max(1, countSegments(opts.body))),
      MessageSid: messageSid,
      AccountSid: this.accountSid,
      From: opts.from,
      ApiVersion: API_VERSION,
    };
    media.forEach((m, i) => {
      params[`MediaUrl${i}`] = m.url;
      params[`MediaContentType${i}`] = m.contentType;
    });
    Object.assign(params, opts.extra);
    const signature = opts.unsigned ? undefined : twilio.getExpectedTwilioSignature(opts.signWith ?? this.authToken, opts.webhookUrl, params);
    const response = await this.post(opts.webhookUrl, params, signature);
    this.logger.debug({ messageSid, url: opts.webhookUrl, status: response.status }, "inbound SMS webhook called");
    return { ...response, messageSid, params };
  }

  private createMessage(params: FormParams): FakeTwilioMessage {
    const to = single(params.To);
    const from = single(params.From);
    const messagingServiceSid = single(params.MessagingServiceSid);
    const body = single(params.Body) ?? "";
    const mediaUrls = list(params.MediaUrl);
    const statusCallback = single(params.StatusCallback);

    if (!to) throw new TwilioApiError(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) throw new TwilioApiError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !messagingServiceSid) throw new TwilioApiError(400, 21603, "A 'From' phone number is required.");
    if (from && !(E164.test(from) || SHORT_CODE.test(from) || ALPHANUMERIC_SENDER.test(from))) {
      throw new TwilioApiError(400, 21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
    }
    if (messagingServiceSid && !MESSAGING_SERVICE_SID.test(messagingServiceSid)) {
      throw new TwilioApiError(400, 21701, `The Messaging Service Sid ${messagingServiceSid} is invalid.`);
    }
    if (!body && mediaUrls.length === 0) throw new TwilioApiError(400, 21602, "Message body is required.");
    if (mediaUrls.some((u) => !isHttpUrl(u))) throw new TwilioApiError(400, 21620, "Invalid media URL(s).");
    if ([...body].length > MAX_BODY_CHARS) {
      throw new TwilioApiError(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    }
    const rule = OUTBOUND_RULES.find((r) => to.endsWith(r.suffix));
    if (rule?.refuse) throw new TwilioApiError(400, rule.refuse.code, rule.refuse.message);

    const now = new Date();
    const message: FakeTwilioMessage = {
      sid: newSid(mediaUrls.length > 0 ? "MM" : "SM"),
      accountSid: this.accountSid,
      to,
      from: from ?? null,
      messagingServiceSid: messagingServiceSid ?? null,
      body,
      mediaUrls,
      statusCallback: statusCallback ?? null,
      // With a Messaging Service, Twilio first accepts the message and picks a sender, then queues it.
      status: messagingServiceSid && !from ? "accepted" : "queued",
      errorCode: null,
      errorMessage: null,
      numSegments: Math.max(1, countSegments(body)),
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
      params,
    };
    this.messages.push(message);

    const final = rule?.fail ?? { status: "delivered" as const, errorCode: undefined };
    const plan = [
      ...(message.status === "accepted" ? [{ status: "queued", atMs: 0 }] : []),
      ...(this.delays.sending !== undefined ? [{ status: "sending", atMs: this.delays.sending }] : []),
      { status: "sent", atMs: this.delays.sent },
      { status: final.status, atMs: this.delays.delivered },
    ];
    this.track({
      sid: message.sid,
      url: message.statusCallback,
      plan: plan.map((p) => ({ ...p, done: false })),
      paramsFor: (status) => ({
        SmsSid: message.sid,
        SmsStatus: status,
        MessageStatus: status,
        To: message.to,
        ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
        MessageSid: message.sid,
        AccountSid: message.accountSid,
        ...(message.from ? { From: message.from } : {}),
        ApiVersion: API_VERSION,
        ...(status === final.status && final.errorCode ? { ErrorCode: String(final.errorCode) } : {}),
      }),
      apply: (status, callbackParams) => {
        if ((PROGRESS[status] ?? -1) <= (PROGRESS[message.status] ?? -1)) return;
        message.status = status as MessageStatus;
        message.dateUpdated = new Date();
        if (!message.dateSent && PROGRESS[status] >= PROGRESS.sent) message.dateSent = message.dateUpdated;
        if (callbackParams.ErrorCode) {
          message.errorCode = Number(callbackParams.ErrorCode);
          message.errorMessage = ERROR_MESSAGES[message.errorCode] ?? null;
        }
      },
    });
    this.logger.info({ sid: message.sid, to, from: message.from, status: message.status }, "fake Twilio accepted a message");
    return message;
  }

  /** Twilio's Message resource, as JSON (every field Twilio returns, in its types: counts are strings). */
  private messageResource(m: FakeTwilioMessage) {
    const uri = `/${API_VERSION}/Accounts/${m.accountSid}/Messages/${m.sid}`;
    return {
      account_sid: m.accountSid,
      api_version: API_VERSION,
      body: m.body,
      date_created: rfc2822(m.dateCreated),
      date_sent: m.dateSent ? rfc2822(m.dateSent) : null,
      date_updated: rfc2822(m.dateUpdated),
      direction: "outbound-api",
      error_code: m.errorCode,
      error_message: m.errorMessage,
      from: m.from,
      messaging_service_sid: m.messagingServiceSid,
      num_media: String(m.mediaUrls.length),
      num_segments: String(m.numSegments),
      price: null,
      price_unit: "USD",
      sid: m.sid,
      status: m.status,
      subresource_uris: { media: `${uri}/Media.json` },
      to: m.to,
      uri: `${uri}.json`,
    };
  }

  /** Registers a resource's callbacks; in auto mode, schedules them. */
  private track(target: CallbackTarget): void {
    this.targets.set(target.sid, target);
    if (this.mode !== "auto" || this.closed) return;
    for (const step of target.plan) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (step.done) return;
        step.done = true;
        const params = target.paramsFor(step.status);
        target.apply(step.status, params);
        const url = target.url;
        if (url) {
          // Queued behind earlier deliveries: a close() meanwhile cancels it.
          target.delivering = (target.delivering ?? Promise.resolve()).then(() =>
            this.aborter.signal.aborted ? undefined : this.postCallback(target.sid, step.status, url, params),
          );
        }
      }, step.atMs);
      // A dev server must be able to exit with callbacks still planned.
      timer.unref();
      this.timers.add(timer);
    }
  }

  private async postCallback(sid: string, status: string, url: string, params: Record<string, string>): Promise<SentCallback> {
    const signature = twilio.getExpectedTwilioSignature(this.authToken, url, params);
    const sent: SentCallback = { sid, status, url, params, signature };
    this.callbacksSent.push(sent);
    try {
      sent.response = await this.post(url, params, signature);
      this.logger.debug({ sid, status, url, response: sent.response.status }, "status callback sent");
    } catch (err) {
      sent.error = (err as Error).message;
      if (!this.aborter.signal.aborted) this.logger.warn({ sid, status, url, err }, "status callback failed");
    }
    return sent;
  }

  /** A POST as Twilio makes it: form-encoded, signed over the URL as given and every parameter. */
  private async post(url: string, params: Record<string, string>, signature: string | undefined): Promise<{ status: number; body: string }> {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "user-agent": "TwilioProxy/1.1",
        "i-twilio-idempotency-token": randomUUID(),
        ...(signature ? { "x-twilio-signature": signature } : {}),
      },
      body: new URLSearchParams(params).toString(),
      redirect: "manual",
      signal: AbortSignal.any([this.aborter.signal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]),
    });
    return { status: res.status, body: await res.text() };
  }

  private accountRoute(handler: (req: Request<Record<string, string>>, res: Response) => void) {
    return (req: Request<Record<string, string>>, res: Response) => {
      if (req.params.AccountSid !== this.accountSid) {
        res.setHeader("WWW-Authenticate", 'Basic realm="Twilio API"');
        throw new TwilioApiError(401, 20003, "Authenticate");
      }
      handler(req, res);
    };
  }

  private isAuthorized(req: Request): boolean {
    const match = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? "");
    if (!match) return false;
    const given = Buffer.from(Buffer.from(match[1], "base64").toString("utf8"));
    const expected = Buffer.from(`${this.accountSid}:${this.authToken}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

function sendError(res: Response, err: TwilioApiError): void {
  res.status(err.httpStatus).json({
    code: err.code,
    message: err.message,
    more_info: `https://www.twilio.com/docs/errors/${err.code}`,
    status: err.httpStatus,
  });
}

function notFound(req: Request): TwilioApiError {
  return new TwilioApiError(404, 20404, `The requested resource ${req.originalUrl.split("?")[0]} was not found`);
}

function form(req: Request): FormParams {
  return (req.body as FormParams | undefined) ?? {};
}

function single(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === "" ? undefined : v;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== "");
}

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}

function newSid(prefix: "SM" | "MM"): string {
  return prefix + randomBytes(16).toString("hex");
}

function countSegments(body: string): number {
  return body ? new SegmentedMessage(body).segmentsCount : 0;
}

function countryOf(number: string): string {
  return parsePhoneNumberFromString(number)?.country ?? "";
}

/** "Thu, 24 Aug 2023 05:01:45 +0000", as Twilio writes dates. */
function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}
