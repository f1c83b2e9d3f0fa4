import { registerEnumType } from "type-graphql";

/** Where a conversation stands. Stored lower-case in `status`; a contact without it is open. */
export enum ConversationStatus {
  OPEN = "open",
  /** Waiting on the customer. */
  PENDING = "pending",
  RESOLVED = "resolved",
  /** Out of the way until `snoozed_until`, then open again (or sooner, when the customer writes). */
  SNOOZED = "snoozed",
}
registerEnumType(ConversationStatus, {
  name: "ConversationStatus",
  description: "Where a conversation stands: OPEN, PENDING (waiting on the customer), RESOLVED or SNOOZED (until snoozedUntil).",
});

/** What a conversation event records (ConversationEventEntry.kind). */
export enum ConversationEventKind {
  ASSIGNED = "ASSIGNED",
  UNASSIGNED = "UNASSIGNED",
  STATUS_CHANGED = "STATUS_CHANGED",
  REOPENED_BY_CUSTOMER = "REOPENED_BY_CUSTOMER",
  SNOOZE_ENDED = "SNOOZE_ENDED",
}
registerEnumType(ConversationEventKind, { name: "ConversationEventKind", description: "What happened to the conversation." });

/** Whose conversations: the viewer's, nobody's, or anybody's. */
export enum AssigneeFilter {
  ME = "ME",
  UNASSIGNED = "UNASSIGNED",
  ANY = "ANY",
}
registerEnumType(AssigneeFilter, { name: "AssigneeFilter", description: "Whose conversations: yours (ME), nobody's (UNASSIGNED), anybody's (ANY)." });

/** A contact without `status` (every contact written before the team inbox) is open. */
export const statusOf = (stored: string | null | undefined): ConversationStatus =>
  (stored as ConversationStatus | undefined) ?? ConversationStatus.OPEN;

/**
 * The stored values that mean one of `statuses`: open includes `null`, which also matches documents without the field
 * (an equality MongoDB serves from the index: absent fields are indexed as null).
 */
export function storedStatuses(statuses: readonly ConversationStatus[]): (string | null)[] {
  const values: (string | null)[] = [...new Set(statuses)];
  if (values.includes(ConversationStatus.OPEN)) values.push(null);
  return values;
}

/** How a new conversation gets an assignee (accounts.auto_assignment). */
export enum AutoAssignment {
  NONE = "none",
  /** Among the agents online (an open console socket), in turn. */
  ROUND_ROBIN = "round_robin",
}
registerEnumType(AutoAssignment, {
  name: "AutoAssignment",
  description: "How a new conversation gets an assignee: NONE (it waits in Unassigned) or ROUND_ROBIN among the agents online.",
});

/** What another agent is doing in a conversation's composer (conversationActivity). */
export enum ConversationActivityKind {
  TYPING = "TYPING",
  STOPPED_TYPING = "STOPPED_TYPING",
  SENT = "SENT",
}
registerEnumType(ConversationActivityKind, { name: "ConversationActivityKind", description: "Typing, stopped typing, or sent an SMS." });
