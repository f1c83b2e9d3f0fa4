/**
 * The Calls API and its call legs.
 *
 *  - POST .../Calls.json (checks: auth 20003; `To` present 21201 and E.164, `client:` or `sip:` 21211; `From` present
 *    21213 and E.164 or `client:` 21212; `Url` or `Twiml` present 21205, `Url` and `StatusCallback` http(s), and on
 *    an allowed origin when the fake has them, 21205/21609)
 *    answers 201 with a queued Call resource; GET .../Calls/{Sid}.json returns its current state.
 *  - The created ("parent") leg rings `To` (the agent's phone): an agent number ending 0000 does not answer, 0001 is
 *    busy, anything else answers, unless setCallOutcome() chose otherwise. What happens next is call-flow.ts.
 *  - Every leg (created, dialled by a <Dial>, inbound) is recorded here with its callbacks planned along the path its
 *    phone's outcome predicts (call-status.ts), for pendingCallbacks() and playCallback().
 */
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { Logger } from "pino";
import { TwilioApiError } from "./api-errors.js";
import { applyCallStatus, callStatusParams, parseEvents, plannedCallStatuses, subscribes } from "./call-status.js";
import type { CallStep } from "./call-requests.js";
import { pushBounded, setBounded } from "./bounded.js";
import type { Callbacks } from "./callbacks.js";
import { list, methodOf, single, type FormParams } from "./form-params.js";
import { createRoute, fetchRoute, type ApiRoute } from "./server.js";
import { API_VERSION, E164, newSid, rfc2822 } from "./twilio-format.js";

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

/** What a new leg is made of; the rest starts as a queued leg's. */
export type NewCall = Omit<
  FakeTwilioCall,
  "sid" | "accountSid" | "status" | "dateCreated" | "dateUpdated" | "startTime" | "endTime" | "duration" | "steps"
> & {
  sid?: string;
};

/** A phone a <Dial> rings, unless setCallOutcome() says otherwise. */
const DEFAULT_DIALLED_OUTCOME: CallOutcome = { kind: "answer", seconds: 8 };
/** Non-PSTN call addresses Twilio dials: a Voice SDK client or a SIP URI. */
const CALL_ADDRESS = /^(client:[\w.@+-]+|sip:\S+)$/i;
const CLIENT_ADDRESS = /^client:[\w.@+-]+$/i;
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

export class Calls {
  /** Every call leg (created, dialled or inbound), oldest first. */
  readonly list: FakeTwilioCall[] = [];
  /** Kept across reset(), like callbacks: Twilio still knows a call after a test's records are gone. */
  private readonly bySid = new Map<string, FakeTwilioCall>();
  private readonly outcomes = new Map<string, CallOutcome>();
  private readonly accountSid: string;
  private readonly callbacks: Callbacks;
  private readonly logger: Logger;
  private readonly maxRecords: number;

  /** `maxRecords`: how many legs `list` and the lookup by sid keep, and how many numbers' outcomes. */
  constructor(opts: { accountSid: string; callbacks: Callbacks; logger: Logger; maxRecords: number }) {
    this.accountSid = opts.accountSid;
    this.callbacks = opts.callbacks;
    this.logger = opts.logger;
    this.maxRecords = opts.maxRecords;
  }

  /** The REST routes; `created` hears of every call Calls.json accepted, once its 201 is sent. */
  routes(created: (call: FakeTwilioCall) => void): ApiRoute[] {
    const resource = (call: FakeTwilioCall) => this.resource(call);
    return [
      createRoute("/Calls.json", (params) => this.create(params), resource, created),
      fetchRoute("/Calls/:Sid.json", (sid) => this.bySid.get(sid), resource),
    ];
  }

  get(sid: string): FakeTwilioCall | undefined {
    return this.bySid.get(sid);
  }

  /** A call leg, recorded, with its callbacks planned along the path its phone's outcome predicts. */
  add(init: NewCall): FakeTwilioCall {
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
    pushBounded(this.list, call, this.maxRecords);
    setBounded(this.bySid, call.sid, call, this.maxRecords);
    this.callbacks.register({
      sid: call.sid,
      kind: "Call",
      url: call.statusCallback,
      plan: plannedCallStatuses(call)
        .filter((status) => subscribes(call, status))
        .map((status) => ({ status, atMs: 0, done: false })),
      paramsFor: (status) => callStatusParams(call, status),
      apply: (status, params) => applyCallStatus(call, status, params),
    });
    return call;
  }

  /** See FakeTwilio.setCallOutcome. */
  setOutcome(number: string, outcome: CallOutcome | null): void {
    if (outcome === null) {
      this.outcomes.delete(number);
      return;
    }
    if (outcome.kind === "answer" && !(Number.isFinite(outcome.seconds) && outcome.seconds >= 0)) {
      throw new Error(`A call outcome's seconds must be a number ≥ 0, not ${outcome.seconds}`);
    }
    const chosen: CallOutcome = outcome.kind === "answer" ? { kind: "answer", seconds: Math.round(outcome.seconds) } : { kind: outcome.kind };
    setBounded(this.outcomes, number, chosen, this.maxRecords);
  }

  /** How the phone at `number` answers a <Dial>: setCallOutcome() if chosen, else it answers and talks 8 s. */
  dialledOutcome(number: string): CallOutcome {
    return this.outcomes.get(number) ?? DEFAULT_DIALLED_OUTCOME;
  }

  private create(params: FormParams): FakeTwilioCall {
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
    this.callbacks.requireAllowed(url, 21205, "Url is not a valid URL");
    this.callbacks.requireAllowed(statusCallback, 21609, "Invalid StatusCallback url");

    const call = this.add({
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

  /** The agent leg of a Calls.json call: setCallOutcome() if chosen, else by the last four digits. */
  private agentOutcome(to: string): CallOutcome {
    const chosen = this.outcomes.get(to);
    if (chosen) return chosen;
    if (to.endsWith("0000")) return { kind: "no-answer" };
    if (to.endsWith("0001")) return { kind: "busy" };
    return { kind: "answer", seconds: 0 };
  }

  /** Twilio's Call resource, as JSON (every field Twilio documents, in its types: duration is a string). */
  private resource(c: FakeTwilioCall) {
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
}

/** Twilio's *_formatted: "(514) 630-0808" for North American numbers, the address as is otherwise. */
function formatNumber(number: string): string {
  const parsed = E164.test(number) ? parsePhoneNumberFromString(number) : undefined;
  return parsed?.countryCallingCode === "1" ? parsed.formatNational() : number;
}
