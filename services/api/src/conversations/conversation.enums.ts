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

/** A contact without `status` (every contact written before the team inbox) is open. */
export const statusOf = (stored: string | null | undefined): ConversationStatus =>
  (stored as ConversationStatus | undefined) ?? ConversationStatus.OPEN;
