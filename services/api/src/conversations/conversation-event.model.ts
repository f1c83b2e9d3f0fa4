import { getDiscriminatorModelForClass, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import { Field, ObjectType } from "type-graphql";
import { EntryKind } from "../timeline/entry.enums.js";
import { Entry, EntryModel } from "../timeline/entry.model.js";
import { ConversationEventKind, ConversationStatus } from "./conversation.enums.js";

/**
 * A system entry on the timeline: the conversation was assigned or unassigned, its status changed, the customer's
 * message reopened it, its snooze ended. Written once per change that happened (the change is a conditional update;
 * the entry follows only when it matched). The sentence (`text`) and the agents are resolved when read.
 */
@ObjectType({ implements: Entry, description: "Something that happened to the conversation: assigned, resolved, reopened, snoozed..." })
export class ConversationEventEntry extends Entry {
  @Field(() => ConversationEventKind)
  @prop({ required: true, type: String, enum: ConversationEventKind })
  kind: ConversationEventKind;

  /** Who did it: an agent; absent for the customer (a message), the system (a snooze ending) or an API key. */
  @prop({ type: () => Types.ObjectId })
  agent_id?: Types.ObjectId;

  /** Done with an API key (no agent). */
  @prop({ type: () => Types.ObjectId })
  api_key_id?: Types.ObjectId;

  /** ASSIGNED: the new assignee; UNASSIGNED: the one who no longer is. */
  @prop({ type: () => Types.ObjectId })
  assignee_id?: Types.ObjectId;

  /** ASSIGNED: who had it before, if anyone. */
  @prop({ type: () => Types.ObjectId })
  previous_assignee_id?: Types.ObjectId;

  @Field(() => ConversationStatus, { name: "fromStatus", nullable: true })
  @prop({ type: String, enum: ConversationStatus })
  from_status?: ConversationStatus;

  @Field(() => ConversationStatus, { name: "toStatus", nullable: true })
  @prop({ type: String, enum: ConversationStatus })
  to_status?: ConversationStatus;

  @Field(() => Date, { name: "snoozedUntil", nullable: true, description: "A snooze: until when." })
  @prop()
  snoozed_until?: Date;
}

export const ConversationEventEntryModel = getDiscriminatorModelForClass(EntryModel, ConversationEventEntry, EntryKind.ConversationEventEntry);
