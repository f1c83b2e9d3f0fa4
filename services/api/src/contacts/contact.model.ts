import { getModelForClass, index, modelOptions, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import { Field, ID, ObjectType } from "type-graphql";

/**
 * A customer. Phone numbers are stored E.164; `contact_phone_numbers` holds one document per (account, number),
 * unique, so a number belongs to at most one contact of an account even without transactions (a unique multikey
 * index on the array is not enforced by FerretDB).
 * phoneNumbers is exposed by ContactResolver, which reads older documents that lack it as empty. The same documents
 * carry the contact's conversation state (unread count, last message, opt-out): conversations/ owns those fields,
 * through its own model of this collection (conversation.model.ts).
 */
@ObjectType({ description: "A customer of the account, with one timeline of every interaction." })
@modelOptions({ schemaOptions: { collection: "contacts", timestamps: { createdAt: "created_at", updatedAt: "updated_at" } } })
@index({ account_id: 1, phone_numbers: 1 })
@index({ account_id: 1, last_activity_at: -1, _id: -1 })
@index({ account_id: 1, name: 1 })
export class Contact {
  @Field(() => ID, { name: "id" })
  readonly _id: Types.ObjectId;

  @prop({ required: true, type: () => Types.ObjectId })
  account_id: Types.ObjectId;

  @Field()
  @prop({ required: true, trim: true })
  name: string;

  @prop({ type: () => [String], default: [] })
  phone_numbers: string[];

  @Field(() => String, { nullable: true })
  @prop({ trim: true, lowercase: true })
  email?: string;

  @Field(() => String, { nullable: true })
  @prop({ trim: true })
  company?: string;

  @Field(() => String, {
    name: "timeZone",
    nullable: true,
    description:
      "Where the contact is, as an IANA zone, when set (updateContact): quiet hours then follow it instead of the zone read from the number.",
  })
  @prop()
  time_zone?: string;

  /** Moves with every entry; sorts the contacts list and the inbox. Set at creation so every contact sorts. */
  @prop({ required: true, default: () => new Date() })
  last_activity_at: Date;

  @prop()
  created_at?: Date;
}

export const ContactModel = getModelForClass(Contact);

/** The uniqueness claim of a number within an account. */
@modelOptions({ schemaOptions: { collection: "contact_phone_numbers", timestamps: { createdAt: "created_at", updatedAt: false } } })
@index({ account_id: 1, phone_number: 1 }, { unique: true })
@index({ contact_id: 1 })
class ContactPhoneNumber {
  readonly _id: Types.ObjectId;

  @prop({ required: true, type: () => Types.ObjectId })
  account_id: Types.ObjectId;

  @prop({ required: true })
  phone_number: string;

  @prop({ required: true, type: () => Types.ObjectId })
  contact_id: Types.ObjectId;
}

export const ContactPhoneNumberModel = getModelForClass(ContactPhoneNumber);
