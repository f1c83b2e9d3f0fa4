import { getModelForClass, modelOptions, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import { Field, ID, ObjectType } from "type-graphql";

/** A Talkdesk customer company. Everything else belongs to exactly one account. */
@ObjectType({ description: "A company using the contact center. Every other object belongs to exactly one account." })
@modelOptions({ schemaOptions: { collection: "accounts", timestamps: { createdAt: "created_at", updatedAt: "updated_at" } } })
export class Account {
  @Field(() => ID, { name: "id" })
  readonly _id: Types.ObjectId;

  @Field()
  @prop({ required: true, trim: true })
  name: string;

  /** ISO 3166 country used to read phone numbers typed without a country code. */
  @Field({ name: "defaultCountry", description: "Country used to read phone numbers typed without a country code." })
  @prop({ required: true, default: "US" })
  default_country: string;

  @prop()
  created_at?: Date;
}

export const AccountModel = getModelForClass(Account);
