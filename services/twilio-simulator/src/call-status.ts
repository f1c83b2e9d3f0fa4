/**
 * A call leg's statuses: their order, which of them a leg reports (StatusCallbackEvent), and the parameters Twilio
 * sends a voice URL about a leg (TwiML fetches, actions, status callbacks).
 */
import type { CallStatus, FakeTwilioCall } from "./calls.js";
import { API_VERSION, countryOf, rfc2822 } from "./twilio-format.js";

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
export const FINAL_CALL_STATUSES: ReadonlySet<string> = new Set(["completed", "busy", "no-answer", "failed", "canceled"]);

/** The StatusCallbackEvent a status is reported under ("answered" is reported as in-progress; every end as completed). */
function eventOf(status: string): string | null {
  if (status === "initiated" || status === "ringing") return status;
  if (status === "in-progress") return "answered";
  return FINAL_CALL_STATUSES.has(status) ? "completed" : null;
}

export function subscribes(call: FakeTwilioCall, status: string): boolean {
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
export function plannedCallStatuses(call: FakeTwilioCall): CallStatus[] {
  if (call.direction === "inbound") return ["ringing", "in-progress", "completed"];
  const outcome = call.outcome ?? { kind: "answer" as const, seconds: 0 };
  return outcome.kind === "answer" ? ["initiated", "ringing", "in-progress", "completed"] : ["initiated", "ringing", outcome.kind];
}

export function applyCallStatus(call: FakeTwilioCall, status: string, params: Record<string, string>): void {
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
export function parseEvents(values: string[]): string[] {
  const events = values
    .flatMap((v) => v.split(/[\s,]+/))
    .filter(Boolean)
    .map((v) => v.toLowerCase());
  return events.length > 0 ? [...new Set(events)] : ["completed"];
}

/** What Twilio sends a voice URL about a leg (TwiML fetch, actions, and the base of status callbacks). */
export function voiceParams(call: FakeTwilioCall, callStatus: string): Record<string, string> {
  return {
    AccountSid: call.accountSid,
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
export function callStatusParams(call: FakeTwilioCall, status: string): Record<string, string> {
  const params: Record<string, string> = {
    ...voiceParams(call, status),
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
