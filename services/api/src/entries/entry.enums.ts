import { registerEnumType } from "type-graphql";

/** The `_type` discriminator values stored in `entries`, as in the company's existing documents. */
export enum EntryKind {
  CallEntry = "CallEntry",
  VoicemailEntry = "VoicemailEntry",
  NoteEntry = "NoteEntry",
  SmsEntry = "SmsEntry",
}

/** The timeline filter clients use; maps one to one onto EntryKind. */
export enum EntryType {
  CALL = "CALL",
  VOICEMAIL = "VOICEMAIL",
  NOTE = "NOTE",
  SMS = "SMS",
}
registerEnumType(EntryType, { name: "EntryType", description: "Kinds of timeline entries, to filter a timeline." });

export const ENTRY_KIND_OF_TYPE: Record<EntryType, EntryKind> = {
  CALL: EntryKind.CallEntry,
  VOICEMAIL: EntryKind.VoicemailEntry,
  NOTE: EntryKind.NoteEntry,
  SMS: EntryKind.SmsEntry,
};

export enum Direction {
  INBOUND = "INBOUND",
  OUTBOUND = "OUTBOUND",
}
registerEnumType(Direction, { name: "Direction", description: "Who started it: the customer (INBOUND) or the account (OUTBOUND)." });

/** Stored values are Twilio's ("inbound", "outbound-api", "outbound-dial", "outbound-reply"). */
export function directionOf(stored: string | undefined | null): Direction | null {
  if (!stored) return null;
  return stored.toLowerCase().startsWith("inbound") ? Direction.INBOUND : Direction.OUTBOUND;
}

/** Twilio's message statuses (stored lower-case, as Twilio sends them). */
export enum SmsStatus {
  ACCEPTED = "accepted",
  SCHEDULED = "scheduled",
  QUEUED = "queued",
  SENDING = "sending",
  SENT = "sent",
  DELIVERED = "delivered",
  UNDELIVERED = "undelivered",
  FAILED = "failed",
  READ = "read",
  CANCELED = "canceled",
  RECEIVING = "receiving",
  RECEIVED = "received",
  PARTIALLY_DELIVERED = "partially_delivered",
}
registerEnumType(SmsStatus, { name: "SmsStatus", description: "Twilio's message status." });

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

export enum SmsEncoding {
  GSM_7 = "GSM-7",
  UCS_2 = "UCS-2",
}
registerEnumType(SmsEncoding, { name: "SmsEncoding", description: "GSM-7 fits 160 characters a segment, UCS-2 70." });
