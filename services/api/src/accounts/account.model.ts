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

  /** Team inbox: replying to an unassigned conversation assigns it to the agent who replied. Absent: true. */
  @prop()
  auto_assign_on_reply?: boolean;

  /** Team inbox: how a new conversation gets an assignee — none, or round_robin among online agents. Absent: none. */
  @prop({ type: String, enum: ["none", "round_robin"] })
  auto_assignment?: "none" | "round_robin";

  /** Team inbox (written by conversations/): the agent round-robin assignment chose last. */
  @prop({ type: () => Types.ObjectId })
  round_robin_last_agent_id?: Types.ObjectId;

  /** SMS (written by sms/): when quiet hours apply — "off", "us_ca" (to US and Canadian numbers), "all". Absent: us_ca. */
  @prop({ type: String, enum: ["off", "us_ca", "all"] })
  quiet_hours?: "off" | "us_ca" | "all";

  @prop()
  created_at?: Date;
}

export const AccountModel = getModelForClass(Account);
