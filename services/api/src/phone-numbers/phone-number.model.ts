import { getModelForClass, index, modelOptions, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "What a number can do." })
export class PhoneNumberCapabilities {
  @Field()
  @prop({ required: true, default: false })
  voice: boolean;

  @Field()
  @prop({ required: true, default: false })
  sms: boolean;

  @Field()
  @prop({ required: true, default: false })
  mms: boolean;
}

/**
 * A number the account owns at a telephony provider. Field names are those of the company's existing documents
 * (iso_country, phone_number, phone_type, prefix, provider, rate_center, region).
 */
@ObjectType({ description: "A phone number the account owns (Talkdesk side of every call and message)." })
@modelOptions({ schemaOptions: { collection: "phone_numbers", timestamps: { createdAt: "created_at", updatedAt: "updated_at" } } })
@index({ phone_number: 1 }, { unique: true })
// chooseAccountNumber (every sendSms and startCall) reads the account's numbers oldest first, listPhoneNumbers (the
// composer) by number: each sort is served by its own index (app/query-shapes.test.ts).
@index({ account_id: 1, _id: 1 })
@index({ account_id: 1, phone_number: 1 })
export class PhoneNumber {
  @Field(() => ID, { name: "id" })
  readonly _id: Types.ObjectId;

  @prop({ type: () => Types.ObjectId })
  account_id?: Types.ObjectId;

  @Field({ name: "phoneNumber", description: "E.164, e.g. +16502907793." })
  @prop({ required: true })
  phone_number: string;

  @Field(() => String, { name: "isoCountry", nullable: true })
  @prop()
  iso_country?: string;

  @Field(() => String, { name: "phoneType", nullable: true, description: "local, mobile, toll_free..." })
  @prop()
  phone_type?: string;

  @Field(() => String, { nullable: true })
  @prop()
  prefix?: string;

  @Field(() => String, { nullable: true })
  @prop()
  provider?: string;

  @Field(() => String, { name: "rateCenter", nullable: true })
  @prop()
  rate_center?: string;

  @Field(() => String, { nullable: true })
  @prop()
  region?: string;

  @Field(() => PhoneNumberCapabilities)
  @prop({ type: () => PhoneNumberCapabilities, _id: false, default: () => ({ voice: true, sms: false, mms: false }) })
  capabilities: PhoneNumberCapabilities;

  @prop()
  created_at?: Date;
}

export const PhoneNumberModel = getModelForClass(PhoneNumber);
