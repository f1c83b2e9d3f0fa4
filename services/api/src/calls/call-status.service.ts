import type { Types } from "mongoose";
import { publishInboundActivity } from "../conversations/inbound-activity.js";
import type { Deps } from "../platform/deps.js";
import { CHANGED, optimistic } from "../platform/lock.js";
import { publishTimeline } from "../timeline/entry-events.js";
import { EntryKind } from "../timeline/entry.enums.js";
import { CallEntryModel, type CallEntry } from "./call-entry.model.js";
import { CallStatus } from "./call.enums.js";

/**
 * A call's status, for both directions: incoming calls (the customer called) and click-to-call (the agent's phone
 * first, then the customer). Every change runs under the entry's lock and moves forward only: queued → initiated →
 * ringing → in-progress → one final outcome. Twilio's callbacks can arrive late, twice, or out of order.
 */
const RANK: Record<CallStatus, number> = {
  [CallStatus.QUEUED]: 0,
  [CallStatus.INITIATED]: 1,
  [CallStatus.RINGING]: 2,
  [CallStatus.IN_PROGRESS]: 3,
  [CallStatus.COMPLETED]: 4,
  [CallStatus.BUSY]: 4,
  [CallStatus.NO_ANSWER]: 4,
  [CallStatus.FAILED]: 4,
  [CallStatus.CANCELED]: 4,
};

export function isCallStatus(value: string | undefined): value is CallStatus {
  return !!value && Object.hasOwn(RANK, value);
}

/** Whether `next` may replace `current` (an unknown or missing current status can always be replaced). */
function movesForward(current: string | undefined, next: CallStatus): boolean {
  if (!isCallStatus(current)) return true;
  return RANK[next] > RANK[current];
}

export const callLockKey = (entryId: Types.ObjectId | string) => `call:${String(entryId)}`;

/** The leg a callback is about: click-to-call rings the agent first (parent), then dials the customer (child). */
type CallLeg = "agent" | "customer";

export interface CallStatusUpdate {
  entryId: string;
  leg: CallLeg;
  callSid: string;
  /** The customer leg's parent (the agent leg, the entry's callsid): Twilio sends it with a child leg's callbacks. */
  parentCallSid?: string;
  status: CallStatus;
  /** Seconds, on the final callback. */
  duration?: number;
}

const AGENT_LEG_FAILURE: Partial<Record<CallStatus, string>> = {
  [CallStatus.NO_ANSWER]: "Your phone did not answer, so the customer was not called.",
  [CallStatus.BUSY]: "Your phone was busy, so the customer was not called.",
  [CallStatus.FAILED]: "Your phone could not be reached, so the customer was not called.",
};

type Change = { outcome: "updated"; entry: CallEntry } | { outcome: "stale" | "unknown"; entry?: CallEntry };

/**
 * Reads the call under its lock, lets `decide` say what changes (nothing: stale; "unknown": not this call), writes it
 * and tells the timeline.
 */
async function changeCall(deps: Deps, entryId: string, decide: (entry: CallEntry) => Record<string, unknown> | "unknown"): Promise<Change> {
  const result = await optimistic(callLockKey(entryId), async (): Promise<Change | typeof CHANGED> => {
    const entry = await CallEntryModel.findOne({ _id: entryId, _type: EntryKind.CallEntry }).lean<CallEntry>().exec();
    if (!entry) return { outcome: "unknown" };
    const $set = decide(entry);
    if ($set === "unknown") return { outcome: "unknown" };
    if (!Object.keys($set).length) return { outcome: "stale", entry };
    // Guarded on what `decide` read: the status and both legs' SIDs.
    const guard = { status: entry.status ?? null, callsid: entry.callsid ?? null, child_callsid: entry.child_callsid ?? null };
    const res = await CallEntryModel.updateOne({ _id: entry._id, ...guard }, { $set }).exec();
    if (!res.matchedCount) return CHANGED;
    return { outcome: "updated", entry: { ...entry, ...$set } as CallEntry };
  });
  if (result.outcome === "updated") publishTimeline(deps, result.entry);
  return result;
}

/**
 * A status callback of either leg of a click-to-call, applied forward only (idempotent on CallSid + status). The
 * entry shows the customer's leg; of the agent's leg it shows the setup (initiated, ringing) and a failure to reach
 * the agent.
 */
export async function applyCallStatus(deps: Deps, update: CallStatusUpdate): Promise<"updated" | "stale" | "unknown"> {
  const result = await changeCall(deps, update.entryId, (entry) => {
    const $set: Record<string, unknown> = {};
    if (update.leg === "agent") {
      if (entry.callsid && entry.callsid !== update.callSid) return "unknown";
      if (!entry.callsid) $set.callsid = update.callSid;
      const failure = AGENT_LEG_FAILURE[update.status];
      const setup = update.status === CallStatus.INITIATED || update.status === CallStatus.RINGING;
      // The customer leg has not started while only the agent's phone rings: its final state is the call's when
      // the agent never answered.
      if ((setup || failure || update.status === CallStatus.CANCELED) && !entry.child_callsid && movesForward(entry.status, update.status)) {
        const status = failure ? CallStatus.FAILED : update.status;
        Object.assign($set, { status, status_updated_at: new Date() }, failure ? { error_message: failure } : {});
      }
    } else {
      // The customer leg is a child of the entry's call: a callback whose parent is another call is not about it.
      if (entry.callsid && update.parentCallSid !== entry.callsid) return "unknown";
      if (entry.child_callsid && entry.child_callsid !== update.callSid) return "unknown";
      if (!entry.child_callsid) $set.child_callsid = update.callSid;
      if (movesForward(entry.status, update.status)) {
        Object.assign($set, { status: update.status, status_updated_at: new Date() });
        if (update.status === CallStatus.COMPLETED && update.duration !== undefined) $set.duration = update.duration;
      }
    }
    return $set;
  });
  return result.outcome;
}

/** Whether a <Dial> ended with someone answering. */
export const isAnswered = (dialStatus: string) => dialStatus === "completed" || dialStatus === "answered";

export interface DialOutcome {
  entryId: string;
  /** The call the <Dial> ran in: it must be the entry's. */
  callSid: string;
  dialStatus: string;
  dialCallSid?: string;
  duration?: number;
}

/**
 * A `<Dial>` ended. Inbound: answered → completed with its duration; otherwise a missed call. Click-to-call: the
 * customer leg's outcome (the status callbacks usually said it first). Returns the call (null when unknown) and
 * whether someone answered.
 */
export async function applyDialOutcome(deps: Deps, input: DialOutcome): Promise<{ entry: CallEntry | null; answered: boolean }> {
  const answered = isAnswered(input.dialStatus);
  const result = await changeCall(deps, input.entryId, (entry) => {
    if (entry.callsid && entry.callsid !== input.callSid) return "unknown";
    const status = answered
      ? CallStatus.COMPLETED
      : entry.direction === "inbound"
        ? CallStatus.NO_ANSWER
        : ((["busy", "no-answer", "failed", "canceled"].includes(input.dialStatus) ? input.dialStatus : CallStatus.NO_ANSWER) as CallStatus);
    if (!movesForward(entry.status, status)) return {};
    const $set: Record<string, unknown> = { status, status_updated_at: new Date() };
    if (answered && input.duration !== undefined) $set.duration = input.duration;
    if (entry.direction !== "inbound" && input.dialCallSid && !entry.child_callsid) $set.child_callsid = input.dialCallSid;
    return $set;
  });
  // An inbound call nobody answered, once (the update that made it so): the agents hear of the missed call.
  if (result.outcome === "updated" && result.entry.direction === "inbound" && result.entry.status === CallStatus.NO_ANSWER) {
    publishInboundActivity(deps, result.entry);
  }
  return { entry: result.entry ?? null, answered };
}
