import { registerEnumType } from "type-graphql";

/** The `_type` discriminator values stored in `entries`, as in the company's existing documents. */
export enum EntryKind {
  CallEntry = "CallEntry",
  VoicemailEntry = "VoicemailEntry",
  NoteEntry = "NoteEntry",
  SmsEntry = "SmsEntry",
  /** A system entry: the conversation was assigned, resolved, reopened... (conversations/). */
  ConversationEventEntry = "ConversationEventEntry",
  /** An SMS to send later (sms/scheduled-sms.service.ts): scheduled, then sent as an SmsEntry, or canceled. */
  ScheduledSmsEntry = "ScheduledSmsEntry",
}

/** The timeline filter clients use; maps one to one onto EntryKind. */
export enum EntryType {
  CALL = "CALL",
  VOICEMAIL = "VOICEMAIL",
  NOTE = "NOTE",
  SMS = "SMS",
  CONVERSATION_EVENT = "CONVERSATION_EVENT",
  SCHEDULED_SMS = "SCHEDULED_SMS",
}
registerEnumType(EntryType, { name: "EntryType", description: "Kinds of timeline entries, to filter a timeline." });

export const ENTRY_KIND_OF_TYPE: Record<EntryType, EntryKind> = {
  CALL: EntryKind.CallEntry,
  VOICEMAIL: EntryKind.VoicemailEntry,
  NOTE: EntryKind.NoteEntry,
  SMS: EntryKind.SmsEntry,
  CONVERSATION_EVENT: EntryKind.ConversationEventEntry,
  SCHEDULED_SMS: EntryKind.ScheduledSmsEntry,
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
