import { getDiscriminatorModelForClass, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import { Field, Int, ObjectType } from "type-graphql";
import { Entry, EntryModel } from "../timeline/entry.model.js";
import { EntryKind } from "../timeline/entry.enums.js";
import { SmsEncoding, SmsStatus } from "./sms.enums.js";

@ObjectType({ description: "A picture or file sent with an MMS." })
export class SmsMedia {
  @Field()
  @prop({ required: true })
  url: string;

  @Field({ name: "contentType" })
  @prop({ required: true })
  content_type: string;
}

/** An agent sent the message within the customer's quiet hours, deliberately: who, why, and the customer's time then. */
@ObjectType({ description: "Sent within the customer's quiet hours on purpose (sendSms quietHoursOverride): why, and their time then." })
export class QuietHoursOverride {
  @Field()
  @prop({ required: true })
  reason: string;

  @Field({ name: "localTime", description: "The customer's time then, e.g. 22:40." })
  @prop({ required: true })
  local_time: string;

  @Field({ name: "timeZone" })
  @prop({ required: true })
  time_zone: string;

  /** Who sent it anyway (absent: an API key, api_key_id). */
  @prop({ type: () => Types.ObjectId })
  agent_id?: Types.ObjectId;

  @prop({ type: () => Types.ObjectId })
  api_key_id?: Types.ObjectId;
}

/** One earlier try of an outbound message that failed and was retried. */
export class SmsAttempt {
  @prop()
  message_sid?: string;

  @prop({ type: String })
  status?: string;

  @prop()
  error_code?: number;

  @prop()
  error_message?: string;

  @prop({ required: true })
  at: Date;
}

@ObjectType({ implements: Entry, description: "A text message (SMS or MMS), either way." })
export class SmsEntry extends Entry {
  @Field()
  // Not `required`: an MMS may have an empty body, which mongoose would refuse as missing.
  @prop({ type: String, default: "" })
  body: string;

  /** "inbound" or "outbound-api". */
  @prop({ required: true })
  direction: string;

  @Field(() => SmsStatus)
  @prop({ required: true, type: String, enum: SmsStatus })
  status: SmsStatus;

  /** Twilio's MessageSid (SM... or MM...). */
  @Field(() => String, { name: "messageSid", nullable: true })
  @prop()
  message_sid?: string;

  @Field(() => Int, { name: "segments", nullable: true, description: "How many SMS segments the body takes." })
  @prop()
  num_segments?: number;

  @Field(() => SmsEncoding, { nullable: true })
  @prop({ type: String, enum: SmsEncoding })
  encoding?: SmsEncoding;

  @Field(() => [SmsMedia])
  @prop({ type: () => [SmsMedia], _id: false, default: [] })
  media: SmsMedia[];

  @Field(() => Int, { name: "errorCode", nullable: true, description: "Twilio's error code when it failed." })
  @prop()
  error_code?: number;

  @Field(() => String, { name: "errorMessage", nullable: true, description: "What went wrong, in words." })
  @prop()
  error_message?: string;

  @prop({ type: () => Types.ObjectId })
  agent_id?: Types.ObjectId;

  /** `<account id>:<client key>`: the same key twice sends once. */
  @prop()
  idempotency_key?: string;

  @Field(() => Date, {
    name: "statusUpdatedAt",
    nullable: true,
    description: "When the status last changed (null for inbound messages): of two copies of one message, the later one is current.",
  })
  @prop()
  status_updated_at?: Date;

  /** Earlier failed tries, newest last (retrySms). */
  @prop({ type: () => [SmsAttempt], _id: false, default: undefined })
  attempts?: SmsAttempt[];

  @prop({ default: 0 })
  retry_count: number;

  /** An agent decided a failed message is not to be sent again (dismissSms): it is settled, and retrySms refuses it. */
  @Field(() => Date, { name: "dismissedAt", nullable: true, description: "When an agent dismissed the failure (dismissSms)." })
  @prop()
  dismissed_at?: Date;

  @prop({ type: () => Types.ObjectId })
  dismissed_by?: Types.ObjectId;

  @Field(() => QuietHoursOverride, { name: "quietHoursOverride", nullable: true, description: "Sent within the customer's quiet hours on purpose." })
  @prop({ type: () => QuietHoursOverride, _id: false })
  quiet_hours_override?: QuietHoursOverride;
}

export const SmsEntryModel = getDiscriminatorModelForClass(EntryModel, SmsEntry, EntryKind.SmsEntry);
