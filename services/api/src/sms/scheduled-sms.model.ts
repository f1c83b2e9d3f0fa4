import { getDiscriminatorModelForClass, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { EntryKind } from "../timeline/entry.enums.js";
import { Entry, EntryModel } from "../timeline/entry.model.js";
import { SmsEncoding } from "./sms.enums.js";

/** Where a scheduled SMS stands. Only SCHEDULED can be edited, rescheduled or canceled. */
export enum ScheduledSmsStatus {
  SCHEDULED = "scheduled",
  /** Claimed by one replica, which is sending it now (or died doing so: the claim then expires and another sends it). */
  SENDING = "sending",
  SENT = "sent",
  CANCELED = "canceled",
}
registerEnumType(ScheduledSmsStatus, {
  name: "ScheduledSmsStatus",
  description: "SCHEDULED (waiting for its time; can be edited, rescheduled, canceled), SENDING, SENT (sentEntry is the SMS), CANCELED.",
});

/**
 * An SMS an agent asked to send later. It is an entry of its own kind, written when the agent scheduled it (so the
 * timeline keeps the fact, and why it was canceled if it was), while the message itself becomes an ordinary SmsEntry
 * at the time it is sent, in its place on the timeline, through the same path as sendSms. Kept as Twilio would not:
 * our own scheduler sends it, so it works with any sender and with the simulator.
 */
@ObjectType({ implements: Entry, description: "An SMS to send later: scheduled, then sent (sentEntry) or canceled (why)." })
export class ScheduledSmsEntry extends Entry {
  @Field()
  @prop({ required: true })
  body: string;

  @Field(() => ScheduledSmsStatus)
  @prop({ required: true, type: String, enum: ScheduledSmsStatus })
  status: ScheduledSmsStatus;

  @Field(() => Date, { name: "scheduledFor", description: "When it is to be sent." })
  @prop({ required: true })
  scheduled_for: Date;

  @Field(() => Int, { name: "segments", description: "How many SMS segments the body takes." })
  @prop({ required: true })
  num_segments: number;

  @Field(() => SmsEncoding)
  @prop({ required: true, type: String, enum: SmsEncoding })
  encoding: SmsEncoding;

  /** Who scheduled it (absent: an API key, api_key_id). */
  @prop({ type: () => Types.ObjectId })
  agent_id?: Types.ObjectId;

  @prop({ type: () => Types.ObjectId })
  api_key_id?: Types.ObjectId;

  /** `<account id>:<client key>`: the same key twice schedules once. */
  @prop()
  idempotency_key?: string;

  /** While SENDING: the claim's own id and until when it holds (after that another replica may take it over). */
  @prop()
  claim_id?: string;

  @prop()
  claimed_until?: Date;

  @Field(() => Date, { name: "statusUpdatedAt" })
  @prop({ required: true })
  status_updated_at: Date;

  /** SENT: the SmsEntry it became. */
  @prop({ type: () => Types.ObjectId })
  sent_entry_id?: Types.ObjectId;

  @Field(() => Date, { name: "canceledAt", nullable: true })
  @prop()
  canceled_at?: Date;

  /** The agent who canceled it (absent: the system, e.g. the customer opted out before its time). */
  @prop({ type: () => Types.ObjectId })
  canceled_by?: Types.ObjectId;

  @Field(() => String, { name: "cancelReason", nullable: true, description: "Why it was not sent, in words." })
  @prop()
  cancel_reason?: string;
}

export const ScheduledSmsEntryModel = getDiscriminatorModelForClass(EntryModel, ScheduledSmsEntry, EntryKind.ScheduledSmsEntry);
