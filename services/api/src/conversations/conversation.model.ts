import { getModelForClass, index, modelOptions, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import { Field, ObjectType } from "type-graphql";
import { Direction } from "../timeline/entry.enums.js";

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
}

export const ConversationModel = getModelForClass(Conversation);
