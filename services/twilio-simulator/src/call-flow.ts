/**
 * The TwiML runner: what happens on a call once it rings, through the same signing, pendingCallbacks() and
 * playCallback() as messages.
 *
 *  - The created ("parent") leg of a Calls.json call rings `To` (the agent's phone): initiated → ringing →
 *    in-progress, then the fake fetches `Url` (or reads `Twiml`) and runs the TwiML (twiml.ts reads it): <Dial> with
 *    <Number>s (dial.ts), the Dial `action`, <Say>, <Play>, <Pause>, <Record> (record.ts), <Redirect>, <Hangup>;
 *    other verbs are ignored. Then the parent completes. An agent number ending 0000 does not answer (… ringing →
 *    no-answer, no TwiML fetched), 0001 is busy (calls.ts). Status callbacks go only for the events in
 *    StatusCallbackEvent (Twilio's default: completed only).
 *  - "auto": the whole flow runs on timers from the create (callDelaysMs; one simulated second of talk lasts
 *    callSecondMs). "manual": nothing happens until the test calls runCall(sid), which runs the flow at once, without
 *    timers, and resolves with every request made; pendingCallbacks()/playCallback() work for call sids as well.
 *  - sendInboundCall() plays a call to one of the account's numbers: the voice webhook, the TwiML it answers, the
 *    agents' phones (answer or not), the voicemail (<Record>), synchronously, in either mode.
 */
import type { Logger } from "pino";
import { CallFlow, CallFlowAborted, type CallDelaysMs, type CallStep, type FlowScript, type FlowSettings } from "./call-requests.js";
import { voiceParams } from "./call-status.js";
import type { Calls, FakeTwilioCall } from "./calls.js";
import type { Callbacks } from "./callbacks.js";
import { dial } from "./dial.js";
import { methodOf } from "./form-params.js";
import { record } from "./record.js";
import type { Recordings } from "./recordings.js";
import type { Schedule } from "./schedule.js";
import { elementsOf, intAttribute, parseTwiml, textOf, type TwimlElement } from "./twiml.js";

/** What a call's flow did: every request, in order. */
export interface CallRun {
  callSid: string;
  steps: CallStep[];
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

const DEFAULT_CALL_DELAYS: Required<CallDelaysMs> = { initiated: 50, ringing: 150, answer: 400, busy: 200, noAnswer: 1000 };
const DEFAULT_CALL_SECOND_MS = 100;
/** What a caller says at a <Record> unless told otherwise. */
const DEFAULT_VOICEMAIL = { seconds: 12 };
/** Redirects and actions one call may chain before the fake gives up (a loop in the TwiML). */
const MAX_TWIML_HOPS = 20;

export class CallFlows {
  /** Calls whose flow has started (auto) or run (runCall): a flow runs once. */
  private readonly started = new Set<string>();
  private readonly auto: boolean;
  private readonly settings: FlowSettings;
  private readonly calls: Calls;
  private readonly recordings: Recordings;
  private readonly logger: Logger;

  constructor(opts: {
    mode: "auto" | "manual";
    callDelaysMs?: CallDelaysMs;
    callSecondMs?: number;
    calls: Calls;
    recordings: Recordings;
    callbacks: Callbacks;
    schedule: Schedule;
    logger: Logger;
  }) {
    this.auto = opts.mode === "auto";
    this.settings = {
      delays: { ...DEFAULT_CALL_DELAYS, ...opts.callDelaysMs },
      secondMs: opts.callSecondMs ?? DEFAULT_CALL_SECOND_MS,
      callbacks: opts.callbacks,
      schedule: opts.schedule,
      logger: opts.logger,
    };
    this.calls = opts.calls;
    this.recordings = opts.recordings;
    this.logger = opts.logger;
  }

  /** A call Calls.json just created: auto mode runs its flow from now, on timers. */
  created(call: FakeTwilioCall): void {
    if (!this.auto || this.settings.schedule.closed) return;
    this.start(call, true).catch((err: unknown) => {
      if (!(err instanceof CallFlowAborted)) this.logger.error({ err, sid: call.sid }, "fake Twilio's call flow failed");
    });
  }

  /** See FakeTwilio.runCall. */
  async run(sid: string): Promise<CallStep[]> {
    const call = this.calls.get(sid);
    if (!call) throw new Error(`FakeTwilio has no call ${sid}`);
    if (call.direction !== "outbound-api") throw new Error(`Call ${sid} is an ${call.direction} leg: only calls created through Calls.json run`);
    if (this.started.has(sid)) {
      throw new Error(`Call ${sid} has already run${this.auto ? " (auto mode runs every call from its create)" : ""}`);
    }
    return (await this.start(call, false)).steps;
  }

  /** See FakeTwilio.sendInboundCall. */
  async inbound(opts: InboundCallOptions): Promise<CallRun> {
    const call = this.calls.add({
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
    this.started.add(call.sid);
    const agents = opts.agents ?? { kind: "no-answer" };
    const flow = this.newFlow(call, {
      timed: false,
      signing: { signWith: opts.signWith, unsigned: opts.unsigned },
      outcomeFor: () => agents,
      voicemail: opts.voicemail === undefined ? DEFAULT_VOICEMAIL : opts.voicemail,
    });
    await flow.event(call, "ringing");
    const answer = await flow.request("twiml", call, "POST", opts.webhookUrl, { ...voiceParams(call, "ringing"), ...opts.extra });
    // Twilio answers the caller once it has TwiML to run.
    await flow.event(call, "in-progress");
    await this.runTwiml(flow, call, answer, 0);
    await flow.end(call, "completed", flow.talkSeconds);
    this.logger.debug({ sid: call.sid, steps: flow.steps.length }, "inbound call played");
    return { callSid: call.sid, steps: [...flow.steps] };
  }

  /** Runs a Calls.json call: timed (auto mode, from the create) or at once (runCall). */
  private start(call: FakeTwilioCall, timed: boolean): Promise<CallRun> {
    this.started.add(call.sid);
    const flow = this.newFlow(call, { timed, signing: {}, outcomeFor: (number) => this.calls.dialledOutcome(number), voicemail: DEFAULT_VOICEMAIL });
    return this.runOutbound(flow, call).then(() => ({ callSid: call.sid, steps: [...flow.steps] }));
  }

  private newFlow(root: FakeTwilioCall, script: FlowScript): CallFlow {
    return new CallFlow(root, script, this.settings);
  }

  /** The agent leg: rings, and if answered runs the call's TwiML; then ends. */
  private async runOutbound(flow: CallFlow, call: FakeTwilioCall): Promise<void> {
    const d = this.settings.delays;
    await flow.wait(d.initiated);
    await flow.event(call, "initiated");
    await flow.wait(d.ringing);
    await flow.event(call, "ringing");
    const agent = call.outcome ?? { kind: "answer", seconds: 0 };
    if (agent.kind !== "answer") {
      // Unanswered: Twilio never fetches the TwiML.
      await flow.wait(agent.kind === "no-answer" ? d.noAnswer : d.busy);
      await flow.end(call, agent.kind, 0);
      return;
    }
    await flow.wait(d.answer);
    await flow.event(call, "in-progress");
    if (call.url) {
      const answer = await flow.request("twiml", call, call.method, call.url, voiceParams(call, "in-progress"));
      await this.runTwiml(flow, call, answer, 0);
    } else {
      await this.runDocument(flow, call, call.twiml ?? "", null, 0);
    }
    await flow.end(call, "completed", flow.talkSeconds);
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
          await flow.talk(intAttribute(verb.attributes.length, 1));
          break;
        case "Hangup":
        case "Reject":
          return;
        case "Redirect": {
          const url = flow.resolveUrl(textOf(verb), documentUrl, call, "<Redirect>");
          if (!url) return;
          const next = await flow.request("redirect", call, methodOf(verb.attributes.method), url, voiceParams(call, "in-progress"));
          return this.runTwiml(flow, call, next, depth + 1);
        }
        case "Dial": {
          const outcome = await dial(flow, this.calls, call, verb, documentUrl);
          // Without an action, Twilio goes on with the next verb.
          const action = verb.attributes.action ? flow.resolveUrl(verb.attributes.action, documentUrl, call, "<Dial action>") : null;
          if (!action) break;
          const next = await flow.request("dial-action", call, methodOf(verb.attributes.method), action, {
            ...voiceParams(call, "in-progress"),
            ...outcome,
          });
          return this.runTwiml(flow, call, next, depth + 1);
        }
        case "Record":
          // The simulated caller ends every recording by hanging up (or hangs up before the beep): the call is over.
          await record(flow, this.recordings, call, verb, documentUrl);
          return;
        default:
          // Say and Play take no simulated time; verbs the fake does not simulate are skipped.
          break;
      }
    }
  }
}
