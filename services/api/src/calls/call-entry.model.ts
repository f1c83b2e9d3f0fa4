import { getDiscriminatorModelForClass, prop } from "@typegoose/typegoose";
import { Schema, Types } from "mongoose";
import { Field, Int, ObjectType } from "type-graphql";
import { Entry, EntryModel } from "../timeline/entry.model.js";
import { EntryKind } from "../timeline/entry.enums.js";

@ObjectType({ implements: Entry, description: "A phone call." })
export class CallEntry extends Entry {
  @Field(() => String, { nullable: true, description: "Twilio's CallSid." })
  @prop()
  callsid?: string;

  /** Twilio's words: inbound, outbound-api, outbound-dial. Exposed as Direction. */
  @prop()
  direction?: string;

  /** Twilio's call status. Exposed as CallStatus. */
  @prop()
  status?: string;

  /** Seconds. Legacy documents may hold a string; exposed as Int by the resolver. */
  @prop({ type: () => Schema.Types.Mixed })
  duration?: number | string;

  @prop({ type: () => Types.ObjectId })
  agent_id?: Types.ObjectId;

  /** Click-to-call: the leg that rings the customer (the parent leg, `callsid`, rings the agent). */
  @prop()
  child_callsid?: string;

  @prop()
  status_updated_at?: Date;

  @Field(() => Int, { name: "errorCode", nullable: true, description: "Twilio's error code when the call could not be placed." })
  @prop()
  error_code?: number;

  @Field(() => String, { name: "errorMessage", nullable: true, description: "Why the call failed, in words." })
  @prop()
  error_message?: string;
}

@ObjectType({ implements: Entry, description: "A voicemail the customer left." })
export class VoicemailEntry extends Entry {
  @Field(() => String, { nullable: true })
  @prop()
  callsid?: string;

  /** Seconds; the company's documents store a string ("38"). Exposed as Int by the resolver. */
  @prop({ type: () => Schema.Types.Mixed })
  duration?: number | string;

  @Field(() => String, { nullable: true, description: "The recording's URL." })
  @prop()
  record?: string;
}

export const CallEntryModel = getDiscriminatorModelForClass(EntryModel, CallEntry, EntryKind.CallEntry);
export const VoicemailEntryModel = getDiscriminatorModelForClass(EntryModel, VoicemailEntry, EntryKind.VoicemailEntry);
