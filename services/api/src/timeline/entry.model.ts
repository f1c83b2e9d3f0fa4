import { getDiscriminatorModelForClass, getModelForClass, index, modelOptions, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import { Field, ID, InterfaceType, ObjectType } from "type-graphql";
import { EntryKind } from "./entry.enums.js";

/**
 * One interaction with a customer. All kinds share the `entries` collection with the discriminator key `_type`,
 * exactly as the company's existing documents do; fields keep their snake_case names. The base and notes live here;
 * each other kind is declared by its domain (sms/sms-entry.model.ts, calls/call-entry.model.ts) as a discriminator of
 * EntryModel.
 *
 * Computed fields (createdAt, contact) are declared by entry.resolver.ts, which reads these raw documents; each
 * kind's own (direction, duration as Int, agent...) by its domain's resolver.
 *
 * The collection's indexes are all declared here, kinds' fields included: mongoose builds a collection's indexes from
 * its base schema only.
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
// Messages and calls by status and since when (the lost-send reconciler's round: queued for over two minutes).
@index({ status: 1, status_updated_at: 1 }, { sparse: true })
// Scheduled SMS: the send sweep's (due ones, across accounts) and a contact's pending ones, by when they go.
@index({ _type: 1, status: 1, scheduled_for: 1 })
@index({ account_id: 1, customer_id: 1, _type: 1, status: 1, scheduled_for: 1 })
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

@ObjectType({ implements: Entry, description: "A note an agent wrote." })
export class NoteEntry extends Entry {
  @Field()
  @prop({ required: true })
  body: string;

  @prop({ type: () => Types.ObjectId })
  agent_id?: Types.ObjectId;
}

export const EntryModel = getModelForClass(Entry);
export const NoteEntryModel = getDiscriminatorModelForClass(EntryModel, NoteEntry, EntryKind.NoteEntry);
