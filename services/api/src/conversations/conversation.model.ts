import { getModelForClass, index, modelOptions, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import { Field, ObjectType } from "type-graphql";
import { Direction } from "../timeline/entry.enums.js";
import { ConversationStatus } from "./conversation.enums.js";

@ObjectType({ description: "The newest message of a conversation, for inbox rows." })
export class LastMessage {
  @prop({ required: true, type: () => Types.ObjectId })
  entry_id: Types.ObjectId;

  @Field({ description: "The first characters of the body." })
  @prop({ required: true })
  preview: string;

  @Field(() => Direction)
  @prop({ required: true, type: String, enum: Direction })
  direction: Direction;

  @Field({ name: "at" })
  @prop({ required: true })
  at: Date;

  /** An outbound SMS: the agent who sent it (LastMessage.agent: "Ben replied 12 s ago"). */
  @prop({ type: () => Types.ObjectId })
  agent_id?: Types.ObjectId;
}

/**
 * A contact's conversation: the inbox state of one customer. It lives on the contact's own document (collection
 * `contacts`), so one read gives an inbox row and writes need no join nor transaction, but this domain owns these
 * fields: contacts/ never reads or writes them. Contacts written before a message (or by older systems) lack them
 * and read as their defaults; the first message sets them.
 */
@modelOptions({
  schemaOptions: { collection: "contacts", timestamps: { createdAt: false, updatedAt: "updated_at" } },
  options: { customName: "Conversation" },
})
@index({ account_id: 1, last_activity_at: -1, _id: -1 })
// The inbox's tabs (conversations(filter)): by status, and by assignee then status, each in the inbox's order. An
// absent status or assignee is indexed as null, so `status: {$in: ["open", null]}` and `assignee_id: null` are
// equalities the index serves (one merged scan per value).
@index({ account_id: 1, status: 1, last_activity_at: -1, _id: -1 })
@index({ account_id: 1, assignee_id: 1, status: 1, last_activity_at: -1, _id: -1 })
// The snooze sweep: snoozed conversations whose time has come, across accounts.
@index({ status: 1, snoozed_until: 1 })
export class Conversation {
  readonly _id: Types.ObjectId;

  @prop({ required: true, type: () => Types.ObjectId })
  account_id: Types.ObjectId;

  /** Shared with contacts/: the inbox sorts by the same last activity as the contacts list. */
  @prop({ required: true })
  last_activity_at: Date;

  /** Inbound messages (and voicemails) no agent has read yet. */
  @prop()
  unread_count?: number;

  /** The customer replied STOP (and not START since). */
  @prop()
  sms_opted_out?: boolean;

  @prop({ type: () => LastMessage, _id: false })
  last_message?: LastMessage;

  /** The agent of the account who owns the conversation; absent: unassigned. */
  @prop({ type: () => Types.ObjectId })
  assignee_id?: Types.ObjectId;

  /** Absent (every contact written before the team inbox): open. */
  @prop({ type: String, enum: ConversationStatus })
  status?: ConversationStatus;

  /** Only while snoozed: when the snooze ends by itself (the due sweep reopens it). */
  @prop()
  snoozed_until?: Date;

  @prop()
  status_changed_at?: Date;

  /**
   * The first-response measure: an inbound message while no response is pending (none measured yet, or the last
   * one answered) starts one — due FIRST_RESPONSE_TARGET later, `first_response_at` cleared; the first outbound reply
   * by an agent after it sets `first_response_at`.
   */
  @prop()
  first_response_due_at?: Date;

  @prop()
  first_response_at?: Date;

  /** The soonest SMS scheduled for the customer and not sent yet (sms/ keeps it: setNextScheduledSms); absent: none. */
  @prop()
  next_scheduled_sms_at?: Date;
}

export const ConversationModel = getModelForClass(Conversation);
