import { registerEnumType } from "type-graphql";

/** Twilio's call statuses (stored as Twilio sends them: "no-answer", "in-progress"). */
export enum CallStatus {
  QUEUED = "queued",
  INITIATED = "initiated",
  RINGING = "ringing",
  IN_PROGRESS = "in-progress",
  COMPLETED = "completed",
  BUSY = "busy",
  NO_ANSWER = "no-answer",
  FAILED = "failed",
  CANCELED = "canceled",
}
registerEnumType(CallStatus, { name: "CallStatus", description: "Twilio's call status." });

export function callStatusOf(stored: string | undefined | null): CallStatus | null {
  const values = Object.values(CallStatus) as string[];
  return stored && values.includes(stored) ? (stored as CallStatus) : null;
}
