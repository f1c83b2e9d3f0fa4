import { getDiscriminatorModelForClass, getModelForClass, index, modelOptions, prop } from "@typegoose/typegoose";
import { Schema, Types } from "mongoose";
import { Field, ID, InterfaceType, Int, ObjectType } from "type-graphql";
import { EntryKind, SmsEncoding, SmsStatus } from "./entry.enums.js";

/**
 * One interaction with a customer. All kinds share the `entries` collection with the discriminator key `_type`,
 * exactly as the company's existing documents do; fields keep their snake_case names.
 *
 * Computed fields (createdAt, contact, direction, duration as Int, agent) are declared by the resolvers in
 * entry.resolver.ts, which read these raw documents.
 */
@InterfaceType("Entry", {
  description: "One interaction with a customer, on the contact's timeline.",
  resolveType: (entry: { _type?: string }) => entry._type,
})
@modelOptions({
  schemaOptions: { collection: "entries", discriminatorKey: "_type", timestamps: false },
  options: { allowMixed: 0 },
})
@index({ account_id: 1, customer_id: 1, _id: -1 })
@index({ account_id: 1, _id: -1 })
// Only SMS entries carry these. Sparse (not partial: FerretDB v1 has no partial indexes) so other entries, which
// lack the field, do not collide on null. idempotency_key embeds the account id, since a compound sparse index
// would index every entry by its account_id.
@index({ message_sid: 1 }, { unique: true, sparse: true })
@index({ idempotency_key: 1 }, { unique: true, sparse: true })
@index({ dedupe_key: 1 }, { unique: true, sparse: true })
@index({ callsid: 1 }, { sparse: true })
export class Entry {
  @Field(() => ID, { name: "id" })
  readonly _id: Types.ObjectId;

  /** The discriminator ("CallEntry", ...), set by mongoose. */
  readonly _type: EntryKind;

  @prop({ required: true, type: () => Types.ObjectId })
  account_id: Types.ObjectId;

  /** The contact. Named customer_id in the company's documents. */
  @prop({ required: true, type: () => Types.ObjectId })
  customer_id: Types.ObjectId;

  @Field(() => String, { name: "customerPhoneNumber", nullable: true, description: "E.164." })
  @prop()
  customer_phone_number?: string;

  @Field(() => String, { name: "talkdeskPhoneNumber", nullable: true, description: "The account's number, E.164." })
  @prop()
  talkdesk_phone_number?: string;

  /** Absent on legacy documents: then the ObjectId's time is used. */
  @prop()
  created_at?: Date;

  /**
   * `<_type>:<Twilio SID>` for entries a webhook creates (an inbound call, a voicemail's recording): unique, so a
   * replayed webhook finds the entry instead of creating another.
   */
  @prop()
  dedupe_key?: string;
}

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

@ObjectType({ implements: Entry, description: "A note an agent wrote." })
export class NoteEntry extends Entry {
  @Field()
  @prop({ required: true })
  body: string;

  @prop({ type: () => Types.ObjectId })
  agent_id?: Types.ObjectId;
}

@ObjectType({ description: "A picture or file sent with an MMS." })
export class SmsMedia {
  @Field()
  @prop({ required: true })
  url: string;

  @Field({ name: "contentType" })
  @prop({ required: true })
  content_type: string;
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
}

export const EntryModel = getModelForClass(Entry);
export const CallEntryModel = getDiscriminatorModelForClass(EntryModel, CallEntry, EntryKind.CallEntry);
export const VoicemailEntryModel = getDiscriminatorModelForClass(EntryModel, VoicemailEntry, EntryKind.VoicemailEntry);
export const NoteEntryModel = getDiscriminatorModelForClass(EntryModel, NoteEntry, EntryKind.NoteEntry);
export const SmsEntryModel = getDiscriminatorModelForClass(EntryModel, SmsEntry, EntryKind.SmsEntry);

export type AnyEntry = CallEntry | VoicemailEntry | NoteEntry | SmsEntry;
