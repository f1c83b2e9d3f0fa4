/**
 * Status callbacks, and the requests this fake makes as Twilio does (callbacks, webhooks, TwiML fetches): signed with
 * X-Twilio-Signature over the URL exactly as given and every parameter, POSTs form-encoded. With
 * allowedCallbackOrigins, only to those origins: the fake refuses REST parameters and skips TwiML URLs elsewhere, and
 * send() requests nothing else whoever asks.
 *
 * Status callbacks: only when the create request carried `StatusCallback`, never for the initial status (as Twilio),
 * each a form-encoded POST to that URL exactly as given (query string included), signed with X-Twilio-Signature.
 * `callbacks: "auto"` sends them on timers (delaysMs, counted from the create), one at a time in Twilio's usual order;
 * `"manual"` only plans them, and the test plays them with playCallback(), in any order and as often as it likes: real
 * Twilio neither orders nor de-duplicates them, and the product must cope.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import twilio from "twilio";
import { TwilioApiError } from "./api-errors.js";
import { pushBounded, setBounded } from "./bounded.js";
import { isHttpUrl } from "./form-params.js";
import type { Schedule } from "./schedule.js";

/** Twilio gives a webhook 15 s for the whole response. */
const WEBHOOK_TIMEOUT_MS = 15_000;

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

export interface Signing {
  /** Sign with this token instead of the fake's (a forgery). */
  signWith?: string;
  unsigned?: boolean;
}

/**
 * One resource whose status Twilio reports by callbacks (a message or a call leg): where to POST, the parameters for
 * a status, and what a status does to the resource.
 */
export interface CallbackTarget {
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

export class Callbacks {
  /** Every status callback POSTed (auto or played; messages and calls), with the answer it got. */
  readonly sent: SentCallback[] = [];
  /** Kept across the fake's reset(): Twilio still owes earlier messages and calls their callbacks. */
  private readonly targets = new Map<string, CallbackTarget>();
  private readonly authToken: string;
  private readonly auto: boolean;
  private readonly schedule: Schedule;
  private readonly logger: Logger;
  /** The only origins this fake requests; undefined: any http(s) URL. */
  private readonly origins?: Set<string>;
  private readonly maxRecords: number;

  constructor(opts: {
    authToken: string;
    mode: "auto" | "manual";
    schedule: Schedule;
    logger: Logger;
    allowedOrigins?: string[];
    /** How many callbacks `sent` keeps, and the resources whose callbacks can still be played (twice as many: messages and call legs). */
    maxRecords: number;
  }) {
    this.authToken = opts.authToken;
    this.auto = opts.mode === "auto";
    this.schedule = opts.schedule;
    this.logger = opts.logger;
    this.maxRecords = opts.maxRecords;
    this.origins = opts.allowedOrigins && new Set(opts.allowedOrigins.map((origin) => new URL(origin).origin));
  }

  /** Whether this fake may request `url`: an http(s) URL, on one of the allowed origins when they are set. */
  allows(url: string): boolean {
    return isHttpUrl(url) && (!this.origins || this.origins.has(new URL(url).origin));
  }

  /** Why allows() refuses `url`, as a clause for error messages and logs. */
  refusal(url: string): string {
    if (!isHttpUrl(url)) return `${url} is not an http(s) URL`;
    return `${url} is on none of the origins this simulator requests (only ${[...(this.origins ?? [])].join(", ")})`;
  }

  /** A REST parameter this fake will request later: Twilio's 400 `code` with `message` unless allows() it. */
  requireAllowed(url: string | undefined, code: number, message: string): void {
    if (url === undefined || this.allows(url)) return;
    throw new TwilioApiError(400, code, isHttpUrl(url) ? `${message}: ${this.refusal(url)}` : `${message}: ${url}`);
  }

  /** Registers a resource's callbacks, to be played (or sent by the call flow that drives them). */
  register(target: CallbackTarget): void {
    setBounded(this.targets, target.sid, target, 2 * this.maxRecords);
  }

  /** Registers a resource's callbacks; in auto mode, schedules them. */
  track(target: CallbackTarget): void {
    this.register(target);
    if (!this.auto || this.schedule.closed) return;
    for (const step of target.plan) {
      this.schedule.after(step.atMs, () => {
        if (step.done) return;
        step.done = true;
        const params = target.paramsFor(step.status);
        target.apply(step.status, params);
        const url = target.url;
        if (url) {
          // Queued behind earlier deliveries: a close() meanwhile cancels it.
          target.delivering = (target.delivering ?? Promise.resolve()).then(() =>
            this.schedule.closed ? undefined : this.post(target.sid, step.status, url, params),
          );
        }
      });
    }
  }

  target(sid: string): CallbackTarget | undefined {
    return this.targets.get(sid);
  }

  /** The callbacks still to come for these resources, in Twilio's order (auto: not yet fired; manual: not yet played). */
  pending(sids: string[]): PlannedCallback[] {
    const targets = sids.map((sid) => this.targets.get(sid)).filter((t): t is CallbackTarget => t !== undefined);
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
  async play(sid: string, status: string, extra: Record<string, string>): Promise<{ status: number; body: string }> {
    const target = this.targets.get(sid);
    if (!target) throw new Error(`FakeTwilio has no message or call ${sid}`);
    if (!target.url) throw new Error(`${target.kind ?? "Message"} ${sid} was created without StatusCallback: Twilio would call nothing`);
    const step = target.plan.find((s) => s.status === status && !s.done);
    if (step) step.done = true;
    const params = { ...target.paramsFor(status), ...extra };
    target.apply(status, params);
    const sent = await this.post(sid, status, target.url, params);
    if (!sent.response) throw new Error(`Status callback ${status} for ${sid} to ${target.url} failed: ${sent.error}`);
    return sent.response;
  }

  /** POSTs a status callback, recorded in `sent` with the answer (or the error) it got. */
  async post(sid: string, status: string, url: string, params: Record<string, string>, signing: Signing = {}): Promise<SentCallback> {
    // Unsigned (a test's choice for an inbound call): recorded with an empty signature.
    const signature = this.sign(url, params, signing) ?? "";
    const sent: SentCallback = { sid, status, url, params, signature };
    pushBounded(this.sent, sent, this.maxRecords);
    try {
      sent.response = await this.send("POST", url, params, signature || undefined);
      this.logger.debug({ sid, status, url, response: sent.response.status }, "status callback sent");
    } catch (err) {
      sent.error = (err as Error).message;
      if (!this.schedule.closed) this.logger.warn({ sid, status, url, err }, "status callback failed");
    }
    return sent;
  }

  /** X-Twilio-Signature for a request to `url` (a GET's parameters are in the URL: sign it with none); undefined when unsigned. */
  sign(url: string, params: Record<string, string>, signing: Signing = {}): string | undefined {
    return signing.unsigned ? undefined : twilio.getExpectedTwilioSignature(signing.signWith ?? this.authToken, url, params);
  }

  /** A request as Twilio makes it: a POST form-encoded, a GET with no body (its parameters are in the URL). */
  async send(
    method: "GET" | "POST",
    url: string,
    params: Record<string, string> | undefined,
    signature: string | undefined,
  ): Promise<{ status: number; body: string }> {
    // The last guard: whatever asked for it (a callback, TwiML, a webhook), nothing leaves for another origin.
    if (!this.allows(url)) throw new Error(`Not requested: ${this.refusal(url)}`);
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
      signal: AbortSignal.any([this.schedule.signal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]),
    });
    return { status: res.status, body: await res.text() };
  }
}
