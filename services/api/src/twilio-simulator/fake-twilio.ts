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
 * Voice (click-to-call and incoming calls), through the same signing, pendingCallbacks() and playCallback():
 *  - POST .../Calls.json (checks: auth 20003; `To` present 21201 and E.164, `client:` or `sip:` 21211; `From` present
 *    21213 and E.164 or `client:` 21212; `Url` or `Twiml` present 21205, `Url` and `StatusCallback` http(s) 21205/21609)
 *    answers 201 with a queued Call resource; GET .../Calls/{Sid}.json returns its current state.
 *  - The created ("parent") leg rings `To` (the agent's phone): initiated → ringing → in-progress, then the fake fetches
 *    `Url` (or reads `Twiml`) and runs the TwiML (twiml.ts reads it): <Dial> with <Number>s (each dialled number is a
 *    "child" leg, direction outbound-dial, whose outcome setCallOutcome() chooses; default: answers and talks 8 s),
 *    the Dial `action`, <Say>, <Play>, <Pause>, <Record>, <Redirect>, <Hangup>; other verbs are ignored. Then the
 *    parent completes. An agent number ending 0000 does not answer (… ringing → no-answer, no TwiML fetched), 0001 is
 *    busy. Status callbacks go only for the events in StatusCallbackEvent (Twilio's default: completed only).
 *  - "auto": the whole flow runs on timers from the create (callDelaysMs; one simulated second of talk lasts
 *    callSecondMs). "manual": nothing happens until the test calls runCall(sid), which runs the flow at once, without
 *    timers, and resolves with every request made; pendingCallbacks()/playCallback() work for call sids as well.
 *  - sendInboundCall() plays a call to one of the account's numbers: the voice webhook, the TwiML it answers, the
 *    agents' phones (answer or not), the voicemail (<Record>), synchronously, in either mode.
 *  - GET .../Recordings/{Sid}[.wav|.mp3] serves a generated WAV for the recordings this fake made (recording.ts).
 */
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { pino, type Logger } from "pino";
import { SegmentedMessage } from "sms-segments-calculator";
import twilio from "twilio";
import { recordingWav } from "./recording.js";
import { elementsOf, parseTwiml, textOf, type TwimlElement } from "./twiml.js";

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

export type MessageStatus = "accepted" | "scheduled" | "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "read" | "canceled";

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
  /** Voice timing in auto mode (each delay counted from the leg's previous event). See CallDelaysMs for defaults. */
  callDelaysMs?: CallDelaysMs;
  /** How long one simulated second of conversation (a dialled leg's talk, <Pause>, <Record>) lasts in auto mode. Default 100. */
  callSecondMs?: number;
  /**
   * Where this fake's router is reachable when it is mounted in another app (e.g. `${publicUrl}/dev/twilio`), for the
   * RecordingUrl it reports. listen() sets `url`, which wins.
   */
  baseUrl?: string;
  logger?: Logger;
}

/** Auto-mode delays of a call leg, in ms, each from the leg's previous event. */
export interface CallDelaysMs {
  /** Create (or <Dial>) → initiated. Default 50. */
  initiated?: number;
  /** Initiated → ringing. Default 150. */
  ringing?: number;
  /** Ringing → answered. Default 400. */
  answer?: number;
  /** Ringing → busy or failed. Default 200. */
  busy?: number;
  /** Ringing → no-answer (Twilio waits the Dial timeout, 30 s by default; the fake does not). Default 1000. */
  noAnswer?: number;
}

const DEFAULT_CALL_DELAYS: Required<CallDelaysMs> = { initiated: 50, ringing: 150, answer: 400, busy: 200, noAnswer: 1000 };
const DEFAULT_CALL_SECOND_MS = 100;

/** Statuses of a call leg as status callbacks report them. */
export type CallStatus = "queued" | "initiated" | "ringing" | "in-progress" | "completed" | "busy" | "no-answer" | "failed" | "canceled";

/**
 * What a phone does when the fake rings it. For a dialled leg, `seconds` is how long the conversation lasts; for the
 * agent leg of Calls.json it is ignored (the TwiML decides).
 */
export type CallOutcome = { kind: "answer"; seconds: number } | { kind: "no-answer" } | { kind: "busy" } | { kind: "failed" };

export type CallDirection = "outbound-api" | "outbound-dial" | "inbound";

export interface FakeTwilioCall {
  sid: string;
  accountSid: string;
  /** The call whose <Dial> created this leg; null for calls made through Calls.json and inbound calls. */
  parentCallSid: string | null;
  direction: CallDirection;
  to: string;
  from: string;
  /** The resource's status (Twilio's REST enum has no "initiated": the resource stays queued until it rings). */
  status: Exclude<CallStatus, "initiated">;
  /** Where the TwiML comes from: Calls.json's Url, or the voice webhook of an inbound call. */
  url: string | null;
  method: "GET" | "POST";
  /** Calls.json's Twiml, used when there is no Url. */
  twiml: string | null;
  statusCallback: string | null;
  /** Events that get a status callback: initiated, ringing, answered, completed (Twilio's default: completed). */
  statusCallbackEvents: string[];
  /** How this leg's phone behaves (agent or dialled leg); null for an inbound call. */
  outcome: CallOutcome | null;
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  endTime: Date | null;
  /** Seconds, once the call ended. */
  duration: number | null;
  /** The create request's form parameters ({} for dialled and inbound legs). */
  params: FormParams;
  /** Every request made while running this call's TwiML (for a call run by the fake; dialled legs' stay empty). */
  steps: CallStep[];
}

/** One request the fake made for a call, with the answer it got. */
export interface CallStep {
  kind: "twiml" | "status-callback" | "dial-action" | "record-action" | "recording-status-callback" | "redirect";
  /** The leg the request is about. */
  callSid: string;
  method: "GET" | "POST";
  /** The URL requested (for GET, with the parameters in the query string). */
  url: string;
  params: Record<string, string>;
  /** The HTTP status; 0 when the request failed (`error` says why). */
  status: number;
  /** The answer's body: TwiML for a twiml, action or redirect request. */
  body: string;
  error?: string;
}

/** What a call's flow did: every request, in order. */
export interface CallRun {
  callSid: string;
  steps: CallStep[];
}

export interface FakeTwilioRecording {
  sid: string;
  accountSid: string;
  callSid: string;
  /** Seconds. */
  duration: number;
  /** The RecordingUrl reported (no extension: Twilio serves WAV there, `.mp3` for MP3). */
  url: string;
  dateCreated: Date;
}

export interface InboundCallOptions {
  /** The number's voice webhook. */
  webhookUrl: string;
  /** The caller. */
  from: string;
  /** The account's number being called. */
  to: string;
  callSid?: string;
  /** How every phone a <Dial> rings behaves. Default: nobody answers. */
  agents?: { kind: "answer"; seconds: number } | { kind: "no-answer" };
  /** What the caller does at a <Record>: speaks for `seconds`, or (null) hangs up before the beep. Default 12 s. */
  voicemail?: { seconds: number } | null;
  /** The number's status callback URL: gets `completed` when the call ends (events as Twilio's number config: completed only). */
  statusCallback?: string;
  /** Added last to the webhook's parameters. */
  extra?: Record<string, string>;
  /** Sign every request of this call with this auth token instead of the fake's: a forgery. */
  signWith?: string;
  /** Send no X-Twilio-Signature at all. */
  unsigned?: boolean;
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
/** Non-PSTN call addresses Twilio dials: a Voice SDK client or a SIP URI. */
const CALL_ADDRESS = /^(client:[\w.@+-]+|sip:\S+)$/i;
const CLIENT_ADDRESS = /^client:[\w.@+-]+$/i;
const SHORT_CODE = /^\d{3,8}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/**
 * One resource whose status Twilio reports by callbacks (a message today, a call later): where to POST, the
 * parameters for a status, and what a status does to the resource.
 */
interface CallbackTarget {
  sid: string;
  /** "Message" or "Call", for error messages. */
  kind?: string;
  url: string | null;
  paramsFor(status: string): Record<string, string>;
  apply(status: string, params: Record<string, string>): void;
  plan: { status: string; atMs: number; done: boolean }[];
  /** The last automatic delivery: the next one waits for it, so auto mode posts in Twilio's order even on a slow receiver. */
  delivering?: Promise<unknown>;
}

/** A phone a <Dial> rings, unless setCallOutcome() says otherwise. */
const DEFAULT_DIALLED_OUTCOME: CallOutcome = { kind: "answer", seconds: 8 };
/** What a caller says at a <Record> unless told otherwise. */
const DEFAULT_VOICEMAIL = { seconds: 12 };
/** Redirects and actions one call may chain before the fake gives up (a loop in the TwiML). */
const MAX_TWIML_HOPS = 20;
const FINAL_CALL_STATUSES: ReadonlySet<string> = new Set(["completed", "busy", "no-answer", "failed", "canceled"]);
/** Later statuses win on the resource: a replayed callback does not move a call backwards. */
const CALL_PROGRESS: Record<string, number> = {
  queued: 0,
  initiated: 1,
  ringing: 2,
  "in-progress": 3,
  completed: 4,
  busy: 4,
  "no-answer": 4,
  failed: 4,
  canceled: 4,
};
/** StatusCallbackEvent names, in the order a leg reaches them. */
const CALL_EVENT_ORDER = ["initiated", "ringing", "answered", "completed"];
const CALL_SUBRESOURCES: [string, string][] = [
  ["notifications", "Notifications"],
  ["recordings", "Recordings"],
  ["payments", "Payments"],
  ["events", "Events"],
  ["siprec", "Siprec"],
  ["streams", "Streams"],
  ["transcriptions", "Transcriptions"],
  ["user_defined_message_subscriptions", "UserDefinedMessageSubscriptions"],
  ["user_defined_messages", "UserDefinedMessages"],
];

interface Signing {
  /** Sign with this token instead of the fake's (a forgery). */
  signWith?: string;
  unsigned?: boolean;
}

/** One run of a call's TwiML: where its requests are recorded and how the simulated people behave. */
interface CallFlow {
  root: FakeTwilioCall;
  /** The root call's steps array: every request, in order. */
  steps: CallStep[];
  /** Auto mode: real delays between events. Otherwise everything happens at once. */
  timed: boolean;
  signing: Signing;
  outcomeFor(number: string): CallOutcome;
  voicemail: { seconds: number } | null;
  /** Simulated seconds since the root call was answered: its CallDuration. */
  talkSeconds: number;
}

class CallFlowAborted extends Error {
  constructor() {
    super("FakeTwilio closed: call flow stopped");
  }
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
  /** Every call leg (created, dialled or inbound), oldest first. */
  readonly calls: FakeTwilioCall[] = [];
  /** Every recording a <Record> made, oldest first. */
  readonly recordings: FakeTwilioRecording[] = [];
  /** Every status callback this fake POSTed (auto or played; messages and calls), with the answer it got. */
  readonly callbacksSent: SentCallback[] = [];
  /** The base URL listen() resolved with; "" when not listening (mounted in another app, or closed). */
  url = "";

  private readonly mode: "auto" | "manual";
  private readonly delays: { sending?: number; sent: number; delivered: number };
  private readonly logger: Logger;
  private readonly targets = new Map<string, CallbackTarget>();
  private readonly callDelays: Required<CallDelaysMs>;
  private readonly callSecondMs: number;
  private readonly baseUrl: string;
  /** Kept across reset(), like targets: Twilio still knows a call (and serves a recording) after a test's records are gone. */
  private readonly callsBySid = new Map<string, FakeTwilioCall>();
  private readonly recordingsBySid = new Map<string, FakeTwilioRecording>();
  private readonly callOutcomes = new Map<string, CallOutcome>();
  /** Calls whose flow has started (auto) or run (runCall): a flow runs once. */
  private readonly flowsStarted = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborter = new AbortController();
  private httpServer?: HttpServer;
  private closed = false;

  constructor(opts: FakeTwilioOptions) {
    this.accountSid = opts.accountSid;
    this.authToken = opts.authToken;
    this.mode = opts.callbacks;
    this.delays = opts.delaysMs ?? DEFAULT_DELAYS;
    this.callDelays = { ...DEFAULT_CALL_DELAYS, ...opts.callDelaysMs };
    this.callSecondMs = opts.callSecondMs ?? DEFAULT_CALL_SECOND_MS;
    this.baseUrl = (opts.baseUrl ?? "").replace(/\/+$/, "");
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
    // Recording media needs no auth: Twilio serves recordings publicly unless the account enforces HTTP auth on media.
    router.get(`/${API_VERSION}/Accounts/:AccountSid/Recordings/:File`, (req, res, next) => {
      const match = /^(RE[0-9a-fA-F]{32})(?:\.(wav|mp3))?$/.exec(req.params.File);
      if (!match) return next();
      const recording = this.recordingsBySid.get(match[1]);
      if (!recording || recording.accountSid !== req.params.AccountSid) return sendError(res, notFound(req));
      // Real Twilio serves WAV (no extension, .wav) or MP3 (.mp3); this fake always serves a WAV.
      res.type("audio/wav").send(recordingWav(recording.duration));
    });
    router.use(`/${API_VERSION}`, (req, res, next) => {
      if (this.isAuthorized(req)) return next();
      res.setHeader("WWW-Authenticate", 'Basic realm="Twilio API"');
      sendError(res, new TwilioApiError(401, 20003, "Authenticate"));
    });

    router.post(
      `/${API_VERSION}/Accounts/:AccountSid/Messages.json`,
      this.accountRoute((req, res) => {
        const message = this.createMessage(form(req));
        res.status(201).json(this.messageResource(message));
      }),
    );
    router.get(
      `/${API_VERSION}/Accounts/:AccountSid/Messages/:Sid.json`,
      this.accountRoute((req, res) => {
        const message = this.messages.find((m) => m.sid === req.params.Sid);
        if (!message) throw notFound(req);
        res.json(this.messageResource(message));
      }),
    );
    router.post(
      `/${API_VERSION}/Accounts/:AccountSid/Calls.json`,
      this.accountRoute((req, res) => {
        const call = this.createCall(form(req));
        res.status(201).json(this.callResource(call));
        if (this.mode === "auto" && !this.closed) {
          this.startCallFlow(call, true).catch((err: unknown) => {
            if (!(err instanceof CallFlowAborted)) this.logger.error({ err, sid: call.sid }, "fake Twilio's call flow failed");
          });
        }
      }),
    );
    router.get(
      `/${API_VERSION}/Accounts/:AccountSid/Calls/:Sid.json`,
      this.accountRoute((req, res) => {
        const call = this.callsBySid.get(req.params.Sid);
        if (!call) throw notFound(req);
        res.json(this.callResource(call));
      }),
    );

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
   * Empties the records (messages, calls, recordings, requests, callbacksSent) between tests. What Twilio still owes
   * earlier messages and calls is kept, as with Twilio: their planned callbacks still fire (auto) or can still be played
   * late by sid (manual), a call can still be fetched and a recording downloaded. setCallOutcome() choices are kept too.
   */
  reset(): void {
    this.messages.length = 0;
    this.calls.length = 0;
    this.recordings.length = 0;
    this.requests.length = 0;
    this.callbacksSent.length = 0;
  }

  /**
   * The callbacks still to come, in Twilio's order (auto: not yet fired; manual: not yet played): for one message or
   * call leg by sid, or for every message and call leg recorded since the last reset(). A call leg's plan holds only
   * the events it subscribed to, along the path its phone's outcome predicts.
   */
  pendingCallbacks(sid?: string): PlannedCallback[] {
    const targets = sid
      ? [this.targets.get(sid)].filter((t): t is CallbackTarget => t !== undefined)
      : [...this.messages, ...this.calls].map((m) => this.targets.get(m.sid)).filter((t): t is CallbackTarget => t !== undefined);
    return targets.flatMap((target) =>
      target.url === null
        ? []
        : target.plan
            .filter((step) => !step.done)
            .map((step) => ({ sid: target.sid, status: step.status, url: target.url!, params: target.paramsFor(step.status) })),
    );
  }

  /**
   * Signs and POSTs the callback for `status` now, whatever came before (any order, any number of times), and applies
   * the status to the resource if it is later than its current one. `extra` adds or overrides parameters.
   */
  async playCallback(sid: string, status: string, extra: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    const target = this.targets.get(sid);
    if (!target) throw new Error(`FakeTwilio has no message or call ${sid}`);
    if (!target.url) throw new Error(`${target.kind ?? "Message"} ${sid} was created without StatusCallback: Twilio would call nothing`);
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
  async sendInboundSms(opts: InboundSmsOptions): Promise<{ status: number; body: string; messageSid: string; params: Record<string, string> }> {
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

  /**
   * How the phone at `number` behaves whenever this fake rings it: a leg a <Dial> makes (default: answers and talks
   * 8 s), or the agent leg of a Calls.json call (default by its last four digits: 0000 does not answer, 0001 is busy,
   * anything else answers; `seconds` is ignored there, the TwiML decides how long that leg lasts). `null` forgets the
   * choice. Choices are kept across reset(). sendInboundCall() uses its own `agents` option instead.
   */
  setCallOutcome(number: string, outcome: CallOutcome | null): void {
    if (outcome === null) {
      this.callOutcomes.delete(number);
      return;
    }
    if (outcome.kind === "answer" && !(Number.isFinite(outcome.seconds) && outcome.seconds >= 0)) {
      throw new Error(`A call outcome's seconds must be a number ≥ 0, not ${outcome.seconds}`);
    }
    this.callOutcomes.set(number, outcome.kind === "answer" ? { kind: "answer", seconds: Math.round(outcome.seconds) } : { kind: outcome.kind });
  }

  /**
   * Runs a Calls.json call's whole flow now, without timers, and resolves once the call has ended with every request
   * made, in order: the agent leg's status callbacks, the TwiML fetch, the dialled legs' callbacks, the Dial action,
   * recordings, the final callback. For manual mode (auto mode runs each call from its create); a flow runs once.
   */
  async runCall(sid: string): Promise<CallStep[]> {
    const call = this.callsBySid.get(sid);
    if (!call) throw new Error(`FakeTwilio has no call ${sid}`);
    if (call.direction !== "outbound-api") throw new Error(`Call ${sid} is an ${call.direction} leg: only calls created through Calls.json run`);
    if (this.flowsStarted.has(sid)) {
      throw new Error(`Call ${sid} has already run${this.mode === "auto" ? " (auto mode runs every call from its create)" : ""}`);
    }
    return (await this.startCallFlow(call, false)).steps;
  }

  /**
   * Plays a call to one of the account's numbers, start to end, without timers (in either mode): POSTs the voice
   * webhook (signed), runs the TwiML it answers — phones a <Dial> rings behave as `agents` says (default: nobody
   * answers), then the Dial action; at a <Record> the caller leaves `voicemail` (default 12 s; null: hangs up before
   * the beep) — and resolves with every request made, in order, once the call has ended.
   */
  async sendInboundCall(opts: InboundCallOptions): Promise<CallRun> {
    const call = this.newCall({
      sid: opts.callSid,
      direction: "inbound",
      parentCallSid: null,
      to: opts.to,
      from: opts.from,
      url: opts.webhookUrl,
      method: "POST",
      twiml: null,
      statusCallback: opts.statusCallback ?? null,
      statusCallbackEvents: ["completed"],
      outcome: null,
      params: {},
    });
    this.flowsStarted.add(call.sid);
    const agents = opts.agents ?? { kind: "no-answer" };
    const flow = this.newFlow(
      call,
      false,
      { signWith: opts.signWith, unsigned: opts.unsigned },
      () => agents,
      opts.voicemail === undefined ? DEFAULT_VOICEMAIL : opts.voicemail,
    );
    await this.callEvent(flow, call, "ringing");
    const answer = await this.callRequest(flow, "twiml", call, "POST", opts.webhookUrl, { ...this.voiceParams(call, "ringing"), ...opts.extra });
    // Twilio answers the caller once it has TwiML to run.
    await this.callEvent(flow, call, "in-progress");
    await this.runTwiml(flow, call, answer, 0);
    await this.endCall(flow, call, "completed", flow.talkSeconds);
    this.logger.debug({ sid: call.sid, steps: flow.steps.length }, "inbound call played");
    return { callSid: call.sid, steps: [...flow.steps] };
  }

  private createCall(params: FormParams): FakeTwilioCall {
    const to = single(params.To);
    const from = single(params.From);
    const url = single(params.Url);
    const twiml = single(params.Twiml);
    const statusCallback = single(params.StatusCallback);

    if (!to) throw new TwilioApiError(400, 21201, "No 'To' number is specified");
    if (!(E164.test(to) || CALL_ADDRESS.test(to))) throw new TwilioApiError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!from) throw new TwilioApiError(400, 21213, "No 'From' number is specified");
    if (!(E164.test(from) || CLIENT_ADDRESS.test(from))) throw new TwilioApiError(400, 21212, `Invalid 'From' Phone Number: ${from}`);
    if (!url && !twiml) throw new TwilioApiError(400, 21205, "Url parameter is required.");
    if (url && !isHttpUrl(url)) throw new TwilioApiError(400, 21205, `Url is not a valid URL: ${url}`);
    if (statusCallback && !isHttpUrl(statusCallback)) throw new TwilioApiError(400, 21609, `Invalid StatusCallback url: ${statusCallback}`);

    const call = this.newCall({
      direction: "outbound-api",
      parentCallSid: null,
      to,
      from,
      // Twilio: with both, Url wins and Twiml is ignored.
      url: url ?? null,
      method: methodOf(single(params.Method)),
      twiml: url ? null : (twiml ?? null),
      statusCallback: statusCallback ?? null,
      statusCallbackEvents: parseEvents(list(params.StatusCallbackEvent)),
      outcome: this.agentOutcome(to),
      params,
    });
    this.logger.info({ sid: call.sid, to, from, outcome: call.outcome }, "fake Twilio accepted a call");
    return call;
  }

  /** A call leg, recorded, with its callbacks planned along the path its phone's outcome predicts. */
  private newCall(
    init: Omit<FakeTwilioCall, "sid" | "accountSid" | "status" | "dateCreated" | "dateUpdated" | "startTime" | "endTime" | "duration" | "steps"> & {
      sid?: string;
    },
  ): FakeTwilioCall {
    const now = new Date();
    const call: FakeTwilioCall = {
      ...init,
      sid: init.sid ?? newSid("CA"),
      accountSid: this.accountSid,
      status: "queued",
      dateCreated: now,
      dateUpdated: now,
      startTime: null,
      endTime: null,
      duration: null,
      steps: [],
    };
    this.calls.push(call);
    this.callsBySid.set(call.sid, call);
    this.targets.set(call.sid, {
      sid: call.sid,
      kind: "Call",
      url: call.statusCallback,
      plan: plannedCallStatuses(call)
        .filter((status) => subscribes(call, status))
        .map((status) => ({ status, atMs: 0, done: false })),
      paramsFor: (status) => this.callStatusParams(call, status),
      apply: (status, params) => applyCallStatus(call, status, params),
    });
    return call;
  }

  /** The agent leg of a Calls.json call: setCallOutcome() if chosen, else by the last four digits. */
  private agentOutcome(to: string): CallOutcome {
    const chosen = this.callOutcomes.get(to);
    if (chosen) return chosen;
    if (to.endsWith("0000")) return { kind: "no-answer" };
    if (to.endsWith("0001")) return { kind: "busy" };
    return { kind: "answer", seconds: 0 };
  }

  /** Twilio's Call resource, as JSON (every field Twilio documents, in its types: duration is a string). */
  private callResource(c: FakeTwilioCall) {
    const uri = `/${API_VERSION}/Accounts/${c.accountSid}/Calls/${c.sid}`;
    return {
      account_sid: c.accountSid,
      answered_by: null,
      api_version: API_VERSION,
      caller_name: null,
      date_created: rfc2822(c.dateCreated),
      date_updated: rfc2822(c.dateUpdated),
      direction: c.direction,
      duration: c.duration === null ? null : String(c.duration),
      end_time: c.endTime ? rfc2822(c.endTime) : null,
      forwarded_from: null,
      from: c.from,
      from_formatted: formatNumber(c.from),
      group_sid: null,
      parent_call_sid: c.parentCallSid,
      phone_number_sid: null,
      price: null,
      price_unit: "USD",
      queue_time: "0",
      sid: c.sid,
      start_time: c.startTime ? rfc2822(c.startTime) : null,
      status: c.status,
      subresource_uris: Object.fromEntries(CALL_SUBRESOURCES.map(([key, name]) => [key, `${uri}/${name}.json`])),
      to: c.to,
      to_formatted: formatNumber(c.to),
      trunk_sid: null,
      uri: `${uri}.json`,
    };
  }

  /** Runs a Calls.json call: timed (auto mode, from the create) or at once (runCall). */
  private startCallFlow(call: FakeTwilioCall, timed: boolean): Promise<CallRun> {
    this.flowsStarted.add(call.sid);
    const flow = this.newFlow(call, timed, {}, (number) => this.callOutcomes.get(number) ?? DEFAULT_DIALLED_OUTCOME, DEFAULT_VOICEMAIL);
    return this.runOutboundCall(flow, call).then(() => ({ callSid: call.sid, steps: [...flow.steps] }));
  }

  private newFlow(
    root: FakeTwilioCall,
    timed: boolean,
    signing: Signing,
    outcomeFor: (number: string) => CallOutcome,
    voicemail: { seconds: number } | null,
  ): CallFlow {
    return { root, steps: root.steps, timed, signing, outcomeFor, voicemail, talkSeconds: 0 };
  }

  /** The agent leg: rings, and if answered runs the call's TwiML; then ends. */
  private async runOutboundCall(flow: CallFlow, call: FakeTwilioCall): Promise<void> {
    const d = this.callDelays;
    await this.wait(flow, d.initiated);
    await this.callEvent(flow, call, "initiated");
    await this.wait(flow, d.ringing);
    await this.callEvent(flow, call, "ringing");
    const agent = call.outcome ?? { kind: "answer", seconds: 0 };
    if (agent.kind !== "answer") {
      // Unanswered: Twilio never fetches the TwiML.
      await this.wait(flow, agent.kind === "no-answer" ? d.noAnswer : d.busy);
      await this.endCall(flow, call, agent.kind, 0);
      return;
    }
    await this.wait(flow, d.answer);
    await this.callEvent(flow, call, "in-progress");
    if (call.url) {
      const answer = await this.callRequest(flow, "twiml", call, call.method, call.url, this.voiceParams(call, "in-progress"));
      await this.runTwiml(flow, call, answer, 0);
    } else {
      await this.runDocument(flow, call, call.twiml ?? "", null, 0);
    }
    await this.endCall(flow, call, "completed", flow.talkSeconds);
  }

  /** Runs the TwiML a request answered; a failed request ends the call, as Twilio does (error 11200). */
  private async runTwiml(flow: CallFlow, call: FakeTwilioCall, answer: CallStep, depth: number): Promise<void> {
    if (answer.status < 200 || answer.status >= 300) {
      this.logger.warn(
        { sid: call.sid, url: answer.url, status: answer.status, error: answer.error },
        "TwiML request failed: Twilio would log 11200 and hang up",
      );
      return;
    }
    await this.runDocument(flow, call, answer.body, answer.url, depth);
  }

  /**
   * Runs one TwiML document for `call`. Verbs: Say, Play (take no simulated time), Pause, Dial (Number, Client, Sip),
   * Record, Redirect, Hangup, Reject; the rest (Gather, Enqueue, ...) are skipped. An action's or redirect's TwiML
   * replaces the document; the end of the document hangs up.
   */
  private async runDocument(flow: CallFlow, call: FakeTwilioCall, xml: string, documentUrl: string | null, depth: number): Promise<void> {
    if (depth > MAX_TWIML_HOPS) {
      this.logger.warn({ sid: call.sid }, `more than ${MAX_TWIML_HOPS} TwiML documents in one call: hanging up`);
      return;
    }
    let document: TwimlElement;
    try {
      document = parseTwiml(xml);
      if (document.name !== "Response") throw new Error(`The root element is <${document.name}>, not <Response>`);
    } catch (err) {
      this.logger.warn({ sid: call.sid, url: documentUrl, err }, "invalid TwiML: Twilio would log 12100 and hang up");
      return;
    }
    for (const verb of elementsOf(document)) {
      switch (verb.name) {
        case "Pause":
          await this.talk(flow, intAttribute(verb.attributes.length, 1));
          break;
        case "Hangup":
        case "Reject":
          return;
        case "Redirect": {
          const url = this.resolveUrl(textOf(verb), documentUrl, call, "<Redirect>");
          if (!url) return;
          const next = await this.callRequest(flow, "redirect", call, methodOf(verb.attributes.method), url, this.voiceParams(call, "in-progress"));
          return this.runTwiml(flow, call, next, depth + 1);
        }
        case "Dial": {
          const outcome = await this.dial(flow, call, verb, documentUrl);
          // Without an action, Twilio goes on with the next verb.
          const action = verb.attributes.action ? this.resolveUrl(verb.attributes.action, documentUrl, call, "<Dial action>") : null;
          if (!action) break;
          const next = await this.callRequest(flow, "dial-action", call, methodOf(verb.attributes.method), action, {
            ...this.voiceParams(call, "in-progress"),
            ...outcome,
          });
          return this.runTwiml(flow, call, next, depth + 1);
        }
        case "Record":
          // The simulated caller ends every recording by hanging up (or hangs up before the beep): the call is over.
          await this.record(flow, call, verb, documentUrl);
          return;
        default:
          // Say and Play take no simulated time; verbs the fake does not simulate are skipped.
          break;
      }
    }
  }

  /**
   * A <Dial>: one leg per Number/Client/Sip, rung at once. The first leg whose phone answers (document order) is
   * bridged for its seconds and the other ringing legs are canceled, as Twilio hangs them up; busy and failed legs end
   * first, unanswered ones last. Resolves with the Dial action's parameters.
   */
  private async dial(flow: CallFlow, parent: FakeTwilioCall, verb: TwimlElement, documentUrl: string | null): Promise<Record<string, string>> {
    const d = this.callDelays;
    const nouns = elementsOf(verb).filter((e) => e.name === "Number" || e.name === "Client" || e.name === "Sip");
    const targets = nouns.map((noun) => ({
      to: noun.name === "Client" && !textOf(noun).startsWith("client:") ? `client:${textOf(noun)}` : textOf(noun),
      attributes: noun.attributes,
    }));
    if (nouns.length === 0 && textOf(verb)) targets.push({ to: textOf(verb), attributes: {} });
    if (targets.length === 0) {
      this.logger.warn({ sid: parent.sid }, "<Dial> with nothing to dial");
      return { DialCallStatus: "failed", DialBridged: "false" };
    }
    const legs = targets.map(({ to, attributes }) =>
      this.newCall({
        direction: "outbound-dial",
        parentCallSid: parent.sid,
        to,
        from: verb.attributes.callerId || parent.from,
        url: null,
        method: "POST",
        twiml: null,
        statusCallback: attributes.statusCallback ? this.resolveUrl(attributes.statusCallback, documentUrl, parent, "<Number statusCallback>") : null,
        statusCallbackEvents: parseEvents(attributes.statusCallbackEvent ? [attributes.statusCallbackEvent] : []),
        outcome: flow.outcomeFor(to),
        params: {},
      }),
    );
    const kind = (leg: FakeTwilioCall) => leg.outcome!.kind;

    await this.wait(flow, d.initiated);
    for (const leg of legs) await this.callEvent(flow, leg, "initiated");
    await this.wait(flow, d.ringing);
    for (const leg of legs) await this.callEvent(flow, leg, "ringing");

    const refused = legs.filter((leg) => kind(leg) === "busy" || kind(leg) === "failed");
    if (refused.length > 0) {
      await this.wait(flow, d.busy);
      for (const leg of refused) await this.endCall(flow, leg, kind(leg) as CallStatus, 0);
    }
    const winner = legs.find((leg) => kind(leg) === "answer");
    if (winner) {
      const seconds = (winner.outcome as { seconds: number }).seconds;
      await this.wait(flow, d.answer);
      await this.callEvent(flow, winner, "in-progress");
      for (const leg of legs) if (leg !== winner && !refused.includes(leg)) await this.endCall(flow, leg, "canceled", 0);
      await this.talk(flow, seconds);
      await this.endCall(flow, winner, "completed", seconds);
      return { DialCallSid: winner.sid, DialCallStatus: "completed", DialCallDuration: String(seconds), DialBridged: "true" };
    }
    const unanswered = legs.filter((leg) => kind(leg) === "no-answer");
    if (unanswered.length > 0) {
      await this.wait(flow, d.noAnswer);
      for (const leg of unanswered) await this.endCall(flow, leg, "no-answer", 0);
    }
    const status = unanswered.length > 0 ? "no-answer" : refused.some((leg) => kind(leg) === "busy") ? "busy" : "failed";
    const reported = legs.find((leg) => kind(leg) === status)!;
    return { DialCallSid: reported.sid, DialCallStatus: status, DialBridged: "false" };
  }

  /**
   * A <Record>: the caller speaks for `voicemail.seconds` (at most maxLength) then hangs up, or hangs up before the
   * beep (no recording, no request). Then the action gets RecordingUrl and Digits=hangup (its TwiML is read but not
   * run: the caller is gone), and the recordingStatusCallback gets the finished recording — after the action, as with
   * Twilio, which reports a recording once its file is ready. Without an action nothing is requested (the caller hung
   * up; a caller who stays on would make Twilio request the current document again, which the fake never simulates).
   */
  private async record(flow: CallFlow, call: FakeTwilioCall, verb: TwimlElement, documentUrl: string | null): Promise<void> {
    const spoken = flow.voicemail?.seconds ?? 0;
    if (!(spoken > 0)) return;
    const seconds = Math.max(1, Math.min(Math.round(spoken), intAttribute(verb.attributes.maxLength, 3600)));
    const sid = newSid("RE");
    const startedAt = new Date();
    const recording: FakeTwilioRecording = {
      sid,
      accountSid: this.accountSid,
      callSid: call.sid,
      duration: seconds,
      url: `${this.url || this.baseUrl}/${API_VERSION}/Accounts/${this.accountSid}/Recordings/${sid}`,
      dateCreated: startedAt,
    };
    const statusUrl = verb.attributes.recordingStatusCallback
      ? this.resolveUrl(verb.attributes.recordingStatusCallback, documentUrl, call, "<Record recordingStatusCallback>")
      : null;
    const statusEvents = (verb.attributes.recordingStatusCallbackEvent ?? "completed").split(/[\s,]+/).filter(Boolean);
    const statusMethod = methodOf(verb.attributes.recordingStatusCallbackMethod);
    const statusParams = (status: "in-progress" | "completed"): Record<string, string> => ({
      AccountSid: this.accountSid,
      CallSid: call.sid,
      RecordingSid: sid,
      RecordingUrl: recording.url,
      RecordingStatus: status,
      ...(status === "completed" ? { RecordingDuration: String(seconds) } : {}),
      RecordingChannels: "1",
      RecordingStartTime: rfc2822(startedAt),
      RecordingSource: "RecordVerb",
      ...(status === "completed" ? { ErrorCode: "0" } : {}),
    });

    if (statusUrl && statusEvents.includes("in-progress")) {
      await this.callRequest(flow, "recording-status-callback", call, statusMethod, statusUrl, statusParams("in-progress"));
    }
    await this.talk(flow, seconds);
    this.recordings.push(recording);
    this.recordingsBySid.set(sid, recording);
    const action = verb.attributes.action ? this.resolveUrl(verb.attributes.action, documentUrl, call, "<Record action>") : null;
    if (action) {
      await this.callRequest(flow, "record-action", call, methodOf(verb.attributes.method), action, {
        ...this.voiceParams(call, "completed"),
        RecordingSid: sid,
        RecordingUrl: recording.url,
        RecordingDuration: String(seconds),
        Digits: "hangup",
      });
    }
    if (statusUrl && statusEvents.includes("completed")) {
      await this.callRequest(flow, "recording-status-callback", call, statusMethod, statusUrl, statusParams("completed"));
    }
  }

  /** Simulated conversation time: counts toward the call's duration; lasts seconds × callSecondMs in auto mode. */
  private async talk(flow: CallFlow, seconds: number): Promise<void> {
    flow.talkSeconds += seconds;
    await this.wait(flow, seconds * this.callSecondMs);
  }

  /** A leg's status changes: applied to the resource, marked played, and POSTed if the leg subscribed to its event. */
  private async callEvent(flow: CallFlow, call: FakeTwilioCall, status: CallStatus, extra: Record<string, string> = {}): Promise<void> {
    this.checkAborted(flow);
    const target = this.targets.get(call.sid)!;
    const params = { ...target.paramsFor(status), ...extra };
    target.apply(status, params);
    const planned = target.plan.find((s) => s.status === status && !s.done);
    if (planned) planned.done = true;
    // The leg is over: what its plan did not reach will not come.
    if (FINAL_CALL_STATUSES.has(status)) for (const step of target.plan) step.done = true;
    this.logger.debug({ sid: call.sid, status }, "call leg status");
    if (!call.statusCallback || !subscribes(call, status)) return;
    const sent = await this.postCallback(call.sid, status, call.statusCallback, params, flow.signing);
    flow.steps.push({
      kind: "status-callback",
      callSid: call.sid,
      method: "POST",
      url: call.statusCallback,
      params,
      status: sent.response?.status ?? 0,
      body: sent.response?.body ?? "",
      ...(sent.error ? { error: sent.error } : {}),
    });
  }

  private endCall(flow: CallFlow, call: FakeTwilioCall, status: CallStatus, seconds: number): Promise<void> {
    return this.callEvent(flow, call, status, { CallDuration: String(seconds), Duration: String(Math.ceil(seconds / 60)) });
  }

  /** A request for TwiML or to an action URL: signed like every Twilio request; GET carries the parameters in the query. */
  private async callRequest(
    flow: CallFlow,
    kind: CallStep["kind"],
    call: FakeTwilioCall,
    method: "GET" | "POST",
    url: string,
    params: Record<string, string>,
  ): Promise<CallStep> {
    this.checkAborted(flow);
    let target = url;
    if (method === "GET") {
      const withQuery = new URL(url);
      for (const [name, value] of Object.entries(params)) withQuery.searchParams.append(name, value);
      target = withQuery.toString();
    }
    const signed = method === "GET" ? {} : params;
    const signature = flow.signing.unsigned ? undefined : twilio.getExpectedTwilioSignature(flow.signing.signWith ?? this.authToken, target, signed);
    const step: CallStep = { kind, callSid: call.sid, method, url: target, params, status: 0, body: "" };
    try {
      const res = await this.send(method, target, method === "GET" ? undefined : params, signature);
      step.status = res.status;
      step.body = res.body;
    } catch (err) {
      step.error = (err as Error).message;
      if (!this.aborter.signal.aborted) this.logger.warn({ sid: call.sid, kind, url: target, err }, "call request failed");
    }
    flow.steps.push(step);
    this.logger.debug({ sid: call.sid, kind, url: target, status: step.status }, "call request made");
    return step;
  }

  /** What Twilio sends a voice URL about a leg (TwiML fetch, actions, and the base of status callbacks). */
  private voiceParams(call: FakeTwilioCall, callStatus: string): Record<string, string> {
    return {
      AccountSid: this.accountSid,
      ApiVersion: API_VERSION,
      CallSid: call.sid,
      CallStatus: callStatus,
      Called: call.to,
      CalledCountry: countryOf(call.to),
      Caller: call.from,
      CallerCountry: countryOf(call.from),
      Direction: call.direction,
      From: call.from,
      FromCountry: countryOf(call.from),
      To: call.to,
      ToCountry: countryOf(call.to),
      ...(call.parentCallSid ? { ParentCallSid: call.parentCallSid } : {}),
    };
  }

  /** A call progress event's parameters; the final one carries CallDuration (seconds) and Duration (minutes, rounded up). */
  private callStatusParams(call: FakeTwilioCall, status: string): Record<string, string> {
    const params: Record<string, string> = {
      ...this.voiceParams(call, status),
      Timestamp: rfc2822(new Date()),
      CallbackSource: "call-progress-events",
      SequenceNumber: String(sequenceNumber(call, status)),
    };
    if (FINAL_CALL_STATUSES.has(status)) {
      const expected = status === "completed" && call.direction === "outbound-dial" && call.outcome?.kind === "answer" ? call.outcome.seconds : 0;
      const seconds = call.duration ?? expected;
      params.CallDuration = String(seconds);
      params.Duration = String(Math.ceil(seconds / 60));
    }
    return params;
  }

  /** An absolute URL as given (signatures are over the URL exactly), or a relative one resolved against the document's. */
  private resolveUrl(value: string, documentUrl: string | null, call: FakeTwilioCall, what: string): string | null {
    const trimmed = value.trim();
    if (isHttpUrl(trimmed)) return trimmed;
    if (documentUrl && URL.canParse(trimmed, documentUrl)) {
      const resolved = new URL(trimmed, documentUrl);
      if (/^https?:$/.test(resolved.protocol)) return resolved.toString();
    }
    this.logger.warn({ sid: call.sid, value, documentUrl }, `${what}: not a URL Twilio could request, skipped`);
    return null;
  }

  /** In auto mode, waits `ms` (cancelled by close()); otherwise returns at once. */
  private wait(flow: CallFlow, ms: number): Promise<void> {
    if (!flow.timed) return Promise.resolve();
    const signal = this.aborter.signal;
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new CallFlowAborted());
      const onAbort = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        reject(new CallFlowAborted());
      };
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      timer.unref();
      this.timers.add(timer);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  private checkAborted(flow: CallFlow): void {
    if (flow.timed && this.aborter.signal.aborted) throw new CallFlowAborted();
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

  private async postCallback(sid: string, status: string, url: string, params: Record<string, string>, signing: Signing = {}): Promise<SentCallback> {
    // Unsigned (a test's choice for an inbound call): recorded with an empty signature.
    const signature = signing.unsigned ? "" : twilio.getExpectedTwilioSignature(signing.signWith ?? this.authToken, url, params);
    const sent: SentCallback = { sid, status, url, params, signature };
    this.callbacksSent.push(sent);
    try {
      sent.response = await this.post(url, params, signature || undefined);
      this.logger.debug({ sid, status, url, response: sent.response.status }, "status callback sent");
    } catch (err) {
      sent.error = (err as Error).message;
      if (!this.aborter.signal.aborted) this.logger.warn({ sid, status, url, err }, "status callback failed");
    }
    return sent;
  }

  /** A POST as Twilio makes it: form-encoded, signed over the URL as given and every parameter. */
  private post(url: string, params: Record<string, string>, signature: string | undefined): Promise<{ status: number; body: string }> {
    return this.send("POST", url, params, signature);
  }

  /** A request as Twilio makes it: a POST form-encoded, a GET with no body (its parameters are in the URL). */
  private async send(
    method: "GET" | "POST",
    url: string,
    params: Record<string, string> | undefined,
    signature: string | undefined,
  ): Promise<{ status: number; body: string }> {
    const res = await fetch(url, {
      method,
      headers: {
        ...(params ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        "user-agent": "TwilioProxy/1.1",
        "i-twilio-idempotency-token": randomUUID(),
        ...(signature ? { "x-twilio-signature": signature } : {}),
      },
      body: params ? new URLSearchParams(params).toString() : undefined,
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

function newSid(prefix: "SM" | "MM" | "CA" | "RE"): string {
  return prefix + randomBytes(16).toString("hex");
}

function countSegments(body: string): number {
  return body ? new SegmentedMessage(body).segmentsCount : 0;
}

function countryOf(number: string): string {
  return parsePhoneNumberFromString(number)?.country ?? "";
}

/** The StatusCallbackEvent a status is reported under ("answered" is reported as in-progress; every end as completed). */
function eventOf(status: string): string | null {
  if (status === "initiated" || status === "ringing") return status;
  if (status === "in-progress") return "answered";
  return FINAL_CALL_STATUSES.has(status) ? "completed" : null;
}

function subscribes(call: FakeTwilioCall, status: string): boolean {
  const event = eventOf(status);
  return event !== null && call.statusCallbackEvents.includes(event);
}

/**
 * A callback's SequenceNumber: how many callbacks the leg sent before this one in Twilio's order (0, 1, 2…), counting
 * only subscribed events. Fixed by the status, so a replayed or reordered callback carries the number Twilio gave it.
 */
function sequenceNumber(call: FakeTwilioCall, status: string): number {
  const event = eventOf(status);
  if (!event) return 0;
  return CALL_EVENT_ORDER.slice(0, CALL_EVENT_ORDER.indexOf(event)).filter(
    (before) => (before !== "answered" || status === "completed") && call.statusCallbackEvents.includes(before),
  ).length;
}

/** The statuses a leg will go through, as its phone's outcome predicts. */
function plannedCallStatuses(call: FakeTwilioCall): CallStatus[] {
  if (call.direction === "inbound") return ["ringing", "in-progress", "completed"];
  const outcome = call.outcome ?? { kind: "answer" as const, seconds: 0 };
  return outcome.kind === "answer" ? ["initiated", "ringing", "in-progress", "completed"] : ["initiated", "ringing", outcome.kind];
}

function applyCallStatus(call: FakeTwilioCall, status: string, params: Record<string, string>): void {
  const rank = CALL_PROGRESS[status];
  // The resource has no "initiated" status: a queued call that started is past it.
  const current = call.status === "queued" && call.startTime ? CALL_PROGRESS.initiated : CALL_PROGRESS[call.status];
  if (rank === undefined || rank <= current) return;
  const now = new Date();
  call.dateUpdated = now;
  call.startTime ??= now;
  if (status === "initiated") return;
  call.status = status as FakeTwilioCall["status"];
  if (FINAL_CALL_STATUSES.has(status)) {
    call.endTime = now;
    const seconds = Number(params.CallDuration);
    call.duration = Number.isFinite(seconds) && seconds >= 0 ? seconds : 0;
  }
}

/** StatusCallbackEvent values (repeated, or space-separated as in TwiML); Twilio's default is completed only. */
function parseEvents(values: string[]): string[] {
  const events = values
    .flatMap((v) => v.split(/[\s,]+/))
    .filter(Boolean)
    .map((v) => v.toLowerCase());
  return events.length > 0 ? [...new Set(events)] : ["completed"];
}

function methodOf(value: string | undefined): "GET" | "POST" {
  return value?.trim().toUpperCase() === "GET" ? "GET" : "POST";
}

function intAttribute(value: string | undefined, fallback: number): number {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Twilio's *_formatted: "(514) 630-0808" for North American numbers, the address as is otherwise. */
function formatNumber(number: string): string {
  const parsed = E164.test(number) ? parsePhoneNumberFromString(number) : undefined;
  return parsed?.countryCallingCode === "1" ? parsed.formatNational() : number;
}

/** "Thu, 24 Aug 2023 05:01:45 +0000", as Twilio writes dates. */
function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}
