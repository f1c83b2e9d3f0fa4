/**
 * One run of a call's flow: the requests it makes as Twilio (its legs' status callbacks, TwiML fetches, actions), each
 * recorded as a step of the root call, and its clock (simulated talk; real waits in auto mode only).
 */
import type { Logger } from "pino";
import { FINAL_CALL_STATUSES, subscribes } from "./call-status.js";
import type { CallOutcome, CallStatus, FakeTwilioCall } from "./calls.js";
import type { Callbacks, Signing } from "./callbacks.js";
import { isHttpUrl } from "./form-params.js";
import type { Schedule } from "./schedule.js";

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

/** What every flow of one fake shares. */
export interface FlowSettings {
  delays: Required<CallDelaysMs>;
  /** How long one simulated second of conversation lasts in auto mode. */
  secondMs: number;
  callbacks: Callbacks;
  schedule: Schedule;
  logger: Logger;
}

/** How the simulated people of one run behave, and how its requests are signed. */
export interface FlowScript {
  /** Auto mode: real delays between events. Otherwise everything happens at once. */
  timed: boolean;
  signing: Signing;
  outcomeFor(number: string): CallOutcome;
  voicemail: { seconds: number } | null;
}

export class CallFlowAborted extends Error {
  constructor() {
    super("FakeTwilio closed: call flow stopped");
  }
}

/** One run of a call's TwiML: where its requests are recorded and how the simulated people behave. */
export class CallFlow {
  /** The root call's steps array: every request, in order. */
  readonly steps: CallStep[];
  /** Simulated seconds since the root call was answered: its CallDuration. */
  talkSeconds = 0;

  constructor(
    readonly root: FakeTwilioCall,
    readonly script: FlowScript,
    readonly settings: FlowSettings,
  ) {
    this.steps = root.steps;
  }

  get logger(): Logger {
    return this.settings.logger;
  }

  /** A leg's status changes: applied to the resource, marked played, and POSTed if the leg subscribed to its event. */
  async event(call: FakeTwilioCall, status: CallStatus, extra: Record<string, string> = {}): Promise<void> {
    this.checkAborted();
    const target = this.settings.callbacks.target(call.sid)!;
    const params = { ...target.paramsFor(status), ...extra };
    target.apply(status, params);
    const planned = target.plan.find((s) => s.status === status && !s.done);
    if (planned) planned.done = true;
    // The leg is over: what its plan did not reach will not come.
    if (FINAL_CALL_STATUSES.has(status)) for (const step of target.plan) step.done = true;
    this.logger.debug({ sid: call.sid, status }, "call leg status");
    if (!call.statusCallback || !subscribes(call, status)) return;
    const sent = await this.settings.callbacks.post(call.sid, status, call.statusCallback, params, this.script.signing);
    this.steps.push({
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

  end(call: FakeTwilioCall, status: CallStatus, seconds: number): Promise<void> {
    return this.event(call, status, { CallDuration: String(seconds), Duration: String(Math.ceil(seconds / 60)) });
  }

  /** A request for TwiML or to an action URL: signed like every Twilio request; GET carries the parameters in the query. */
  async request(
    kind: CallStep["kind"],
    call: FakeTwilioCall,
    method: "GET" | "POST",
    url: string,
    params: Record<string, string>,
  ): Promise<CallStep> {
    this.checkAborted();
    let target = url;
    if (method === "GET") {
      const withQuery = new URL(url);
      for (const [name, value] of Object.entries(params)) withQuery.searchParams.append(name, value);
      target = withQuery.toString();
    }
    const { callbacks } = this.settings;
    const signature = callbacks.sign(target, method === "GET" ? {} : params, this.script.signing);
    const step: CallStep = { kind, callSid: call.sid, method, url: target, params, status: 0, body: "" };
    try {
      const res = await callbacks.send(method, target, method === "GET" ? undefined : params, signature);
      step.status = res.status;
      step.body = res.body;
    } catch (err) {
      step.error = (err as Error).message;
      if (!this.settings.schedule.closed) this.logger.warn({ sid: call.sid, kind, url: target, err }, "call request failed");
    }
    this.steps.push(step);
    this.logger.debug({ sid: call.sid, kind, url: target, status: step.status }, "call request made");
    return step;
  }

  /** Simulated conversation time: counts toward the call's duration; lasts seconds × callSecondMs in auto mode. */
  async talk(seconds: number): Promise<void> {
    this.talkSeconds += seconds;
    await this.wait(seconds * this.settings.secondMs);
  }

  /** In auto mode, waits `ms` (cancelled by close()); otherwise returns at once. */
  wait(ms: number): Promise<void> {
    if (!this.script.timed) return Promise.resolve();
    return this.settings.schedule.sleep(ms, () => new CallFlowAborted());
  }

  /**
   * An absolute URL as given (signatures are over the URL exactly), or a relative one resolved against the document's;
   * null, logged, when it is no URL Twilio could request or one on an origin this fake may not request.
   */
  resolveUrl(value: string, documentUrl: string | null, call: FakeTwilioCall, what: string): string | null {
    const trimmed = value.trim();
    let url: string | undefined;
    if (isHttpUrl(trimmed)) url = trimmed;
    else if (documentUrl && URL.canParse(trimmed, documentUrl)) {
      const resolved = new URL(trimmed, documentUrl);
      if (/^https?:$/.test(resolved.protocol)) url = resolved.toString();
    }
    if (!url) {
      this.logger.warn({ sid: call.sid, value, documentUrl }, `${what}: not a URL Twilio could request, skipped`);
      return null;
    }
    if (!this.settings.callbacks.allows(url)) {
      this.logger.warn({ sid: call.sid, value, documentUrl }, `${what}: ${this.settings.callbacks.refusal(url)}, skipped`);
      return null;
    }
    return url;
  }

  private checkAborted(): void {
    if (this.script.timed && this.settings.schedule.closed) throw new CallFlowAborted();
  }
}
