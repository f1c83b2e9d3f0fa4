import { getModelForClass, index, modelOptions, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import { Field, ID, ObjectType } from "type-graphql";

/**
 * A reply the team writes once and agents insert in the composer (the Canned replies list, or `/shortcut`), with
 * variables the console fills (template.ts). One account's, at most 500 of them.
 *
 * A shortcut is unique per account. FerretDB v1 has no partial indexes, and a sparse compound index would index every
 * reply by its account_id (MongoDB indexes a document holding any of a sparse compound index's keys), so two replies
 * without a shortcut would collide on null. So a reply with a shortcut also stores `shortcut_key` (the account id and
 * the shortcut), under a sparse unique index of that field alone — as entries' idempotency_key does; a reply without
 * a shortcut stores neither field.
 */
@ObjectType({ description: "A reply the team wrote once, which agents insert in the composer from a list or by its shortcut." })
@modelOptions({
  schemaOptions: { collection: "canned_replies", timestamps: { createdAt: "created_at", updatedAt: "updated_at" } },
})
@index({ account_id: 1, title: 1, _id: 1 })
@index({ shortcut_key: 1 }, { unique: true, sparse: true })
export class CannedReply {
  @Field(() => ID, { name: "id" })
  readonly _id: Types.ObjectId;

  @prop({ required: true, type: () => Types.ObjectId })
  account_id: Types.ObjectId;

  @Field({ description: "What the list shows; may hold variables, like the body." })
  @prop({ required: true })
  title: string;

  @Field({ description: "The text inserted, with its variables ({{contact.firstName}}) filled by the console." })
  @prop({ required: true })
  body: string;

  @Field(() => String, { nullable: true, description: "Typed in the composer to insert the reply: a slash and 1 to 30 of a-z 0-9 - _ (`/later`)." })
  @prop()
  shortcut?: string;

  /** `<account id>:<shortcut>`, only with a shortcut: what the unique index holds. */
  @prop()
  shortcut_key?: string;

  /** The agent who wrote it (absent for an API key's, or the demo seed's). */
  @prop({ type: () => Types.ObjectId })
  created_by_agent_id?: Types.ObjectId;

  @prop()
  created_at?: Date;

  @prop()
  updated_at?: Date;
}

/** The `canned_replies` collection (registered in app/models.ts, which creates its indexes at start-up). */
export const CannedReplyModel = getModelForClass(CannedReply);
