import { CallStatus } from "../entries/entry.enums.js";

/**
 * Call statuses move forward only: queued → initiated → ringing → in-progress → one final outcome. Twilio's
 * callbacks can arrive late, twice, or out of order.
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

export const FINAL_CALL_STATUSES = [CallStatus.COMPLETED, CallStatus.BUSY, CallStatus.NO_ANSWER, CallStatus.FAILED, CallStatus.CANCELED];

export function isCallStatus(value: string | undefined): value is CallStatus {
  return !!value && value in RANK;
}

/** Whether `next` may replace `current` (an unknown or missing current status can always be replaced). */
export function movesForward(current: string | undefined, next: CallStatus): boolean {
  if (!isCallStatus(current)) return true;
  return RANK[next] > RANK[current];
}
