/**
 * A fake of Twilio's REST API (2010-04-01) and of Twilio's webhooks, for the real `twilio` SDK to talk to.
 *
 * Used two ways:
 *  - tests: `await fake.listen()` on 127.0.0.1, then point the real SDK's requests at the URL it resolves (the API's
 *    `createTwilioClient({ ..., apiUrl: url })`; this package's tests use test/sdk-client.ts);
 *  - development: the API mounts `fake.router()` at /dev/twilio, so `npm run dev` sends SMS without a Twilio account.
 *
 * FakeTwilio is the facade; each behaviour is specified where it lives:
 *  - messages.ts: the Messages API (what it checks, the outcomes by the last digits of `To`) and inbound SMS;
 *  - callbacks.ts: status callbacks (auto and manual modes) and how every request this fake makes is signed;
 *  - calls.ts, call-status.ts: the Calls API, call legs and their statuses;
 *  - call-flow.ts (with call-requests.ts, dial.ts, record.ts): what happens on a call, the TwiML it runs;
 *  - recordings.ts: the recordings <Record> makes and their media; server.ts: the router, auth, listen/close.
 */
import { pino, type Logger } from "pino";
import type express from "express";
import { CallFlows, type CallRun, type InboundCallOptions } from "./call-flow.js";
import type { CallDelaysMs, CallStep } from "./call-requests.js";
import { Calls, type CallOutcome, type FakeTwilioCall } from "./calls.js";
import { Callbacks, type PlannedCallback, type SentCallback } from "./callbacks.js";
import { Messages, type FakeTwilioMessage, type InboundSmsOptions } from "./messages.js";
import { Recordings, type FakeTwilioRecording } from "./recordings.js";
import { Schedule } from "./schedule.js";
import { apiRouter, Listener, type FakeTwilioRequest } from "./server.js";

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
  /**
   * The only origins (scheme://host:port) this fake requests: StatusCallback and Url parameters elsewhere are refused
   * (400, 21609 / 21205), a <Redirect>, action or callback in TwiML elsewhere is skipped and logged (a <Redirect> ends
   * the call), and no request leaves for another origin. Absent: any http(s) URL (tests on random local ports).
   */
  allowedCallbackOrigins?: string[];
  /**
   * How many of each record this fake keeps: requests, messages, calls, recordings, callbacksSent, and what it still
   * finds by sid after reset(); the oldest go first (a message or call dropped can no longer be fetched). Default 1,000.
   */
  maxRecords?: number;
  /** How much of each request's body `requests` keeps (rawBody; a longer one is marked truncated). Default 64 KiB. */
  maxBodyBytes?: number;
  logger?: Logger;
}

const DEFAULT_MAX_RECORDS = 1_000;
const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export class FakeTwilio {
  readonly accountSid: string;
  readonly authToken: string;
  /** Every accepted message, oldest first (the last maxRecords). */
  readonly messages: FakeTwilioMessage[];
  /** Every request the router received, accepted or not (the last maxRecords, bodies cut at maxBodyBytes). */
  readonly requests: FakeTwilioRequest[] = [];
  /** Every call leg (created, dialled or inbound), oldest first (the last maxRecords). */
  readonly calls: FakeTwilioCall[];
  /** Every recording a <Record> made, oldest first (the last maxRecords). */
  readonly recordings: FakeTwilioRecording[];
  /** Every status callback this fake POSTed (auto or played; messages and calls), with the answer it got (the last maxRecords). */
  readonly callbacksSent: SentCallback[];
  /** The base URL listen() resolved with; "" when not listening (mounted in another app, or closed). */
  url = "";

  private readonly logger: Logger;
  private readonly limits: { maxRecords: number; maxBodyBytes: number };
  private readonly schedule = new Schedule();
  private readonly listener = new Listener();
  private readonly callbacks: Callbacks;
  private readonly messageApi: Messages;
  private readonly callApi: Calls;
  private readonly recordingStore: Recordings;
  private readonly flows: CallFlows;

  constructor(opts: FakeTwilioOptions) {
    this.accountSid = opts.accountSid;
    this.authToken = opts.authToken;
    this.logger = (opts.logger ?? pino({ level: "silent" })).child({ component: "fake-twilio" });
    this.limits = { maxRecords: opts.maxRecords ?? DEFAULT_MAX_RECORDS, maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES };
    const { accountSid, logger, schedule } = this;
    const { maxRecords } = this.limits;
    const baseUrl = (opts.baseUrl ?? "").replace(/\/+$/, "");
    this.callbacks = new Callbacks({
      authToken: opts.authToken,
      mode: opts.callbacks,
      schedule,
      logger,
      allowedOrigins: opts.allowedCallbackOrigins,
      maxRecords,
    });
    this.messageApi = new Messages({ accountSid, delaysMs: opts.delaysMs, callbacks: this.callbacks, logger, maxRecords });
    this.callApi = new Calls({ accountSid, callbacks: this.callbacks, logger, maxRecords });
    this.recordingStore = new Recordings({ accountSid, baseUrl: () => this.url || baseUrl, maxRecords });
    this.flows = new CallFlows({
      mode: opts.callbacks,
      callDelaysMs: opts.callDelaysMs,
      callSecondMs: opts.callSecondMs,
      calls: this.callApi,
      recordings: this.recordingStore,
      callbacks: this.callbacks,
      schedule,
      logger,
    });
    this.messages = this.messageApi.list;
    this.calls = this.callApi.list;
    this.recordings = this.recordingStore.list;
    this.callbacksSent = this.callbacks.sent;
  }

  /** Twilio's REST API, mountable at any base path ("/" in tests, "/dev/twilio" in the API). */
  router(): express.Router {
    return apiRouter({
      accountSid: this.accountSid,
      authToken: this.authToken,
      requests: this.requests,
      limits: this.limits,
      logger: this.logger,
      routes: [this.recordingStore.route(), ...this.messageApi.routes(), ...this.callApi.routes((call) => this.flows.created(call))],
    });
  }

  /** Serves the router at "/" on 127.0.0.1 (by default) and resolves its base URL. */
  async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    this.url = await this.listener.listen(this.router(), port, host);
    return this.url;
  }

  /** Cancels every planned callback, aborts those in flight and stops listening. Safe to call twice. */
  async close(): Promise<void> {
    this.schedule.close();
    this.url = "";
    await this.listener.close();
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
    return this.callbacks.pending(sid ? [sid] : [...this.messages, ...this.calls].map((m) => m.sid));
  }

  /**
   * Signs and POSTs the callback for `status` now, whatever came before (any order, any number of times), and applies
   * the status to the resource if it is later than its current one. `extra` adds or overrides parameters.
   */
  playCallback(sid: string, status: string, extra: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    return this.callbacks.play(sid, status, extra);
  }

  /**
   * Plays Twilio receiving an SMS/MMS: the inbound webhook's parameters, signed for `webhookUrl` and POSTed
   * form-encoded. Resolves with the webhook's answer (TwiML, normally) and what was sent.
   */
  sendInboundSms(opts: InboundSmsOptions): Promise<{ status: number; body: string; messageSid: string; params: Record<string, string> }> {
    return this.messageApi.receive(opts);
  }

  /**
   * How the phone at `number` behaves whenever this fake rings it: a leg a <Dial> makes (default: answers and talks
   * 8 s), or the agent leg of a Calls.json call (default by its last four digits: 0000 does not answer, 0001 is busy,
   * anything else answers; `seconds` is ignored there, the TwiML decides how long that leg lasts). `null` forgets the
   * choice. Choices are kept across reset(). sendInboundCall() uses its own `agents` option instead.
   */
  setCallOutcome(number: string, outcome: CallOutcome | null): void {
    this.callApi.setOutcome(number, outcome);
  }

  /**
   * Runs a Calls.json call's whole flow now, without timers, and resolves once the call has ended with every request
   * made, in order: the agent leg's status callbacks, the TwiML fetch, the dialled legs' callbacks, the Dial action,
   * recordings, the final callback. For manual mode (auto mode runs each call from its create); a flow runs once.
   */
  runCall(sid: string): Promise<CallStep[]> {
    return this.flows.run(sid);
  }

  /**
   * Plays a call to one of the account's numbers, start to end, without timers (in either mode): POSTs the voice
   * webhook (signed), runs the TwiML it answers — phones a <Dial> rings behave as `agents` says (default: nobody
   * answers), then the Dial action; at a <Record> the caller leaves `voicemail` (default 12 s; null: hangs up before
   * the beep) — and resolves with every request made, in order, once the call has ended.
   */
  sendInboundCall(opts: InboundCallOptions): Promise<CallRun> {
    return this.flows.inbound(opts);
  }
}
