import { getModelForClass, index, modelOptions, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import { Field, ID, ObjectType } from "type-graphql";

/**
 * A key other services of the company use to call the API for one account. Only its SHA-256 is stored: the key is
 * 256 random bits, so a fast hash is enough and a lookup stays one indexed query.
 */
@ObjectType({ description: "A key another service calls the API with. The key itself is shown once, when created." })
@modelOptions({ schemaOptions: { collection: "api_keys", timestamps: { createdAt: "created_at", updatedAt: false } } })
@index({ key_hash: 1 }, { unique: true })
@index({ account_id: 1 })
export class ApiKey {
  @Field(() => ID, { name: "id" })
  readonly _id: Types.ObjectId;

  @prop({ required: true, type: () => Types.ObjectId })
  account_id: Types.ObjectId;

  @prop({ required: true })
  key_hash: string;

  /** The first characters of the key, to recognise it in a list without revealing it. */
  @Field({ description: "The key's first characters (tdk_ and 6 more), to recognise it without revealing it." })
  @prop({ required: true })
  prefix: string;

  @Field(() => String, { nullable: true })
  @prop()
  name?: string;

  @Field(() => Date, { name: "revokedAt", nullable: true })
  @prop()
  revoked_at?: Date;

  @Field(() => Date, { name: "createdAt", nullable: true })
  @prop()
  created_at?: Date;

  /** Updated at most once a minute. */
  @Field(() => Date, { name: "lastUsedAt", nullable: true, description: "When a request last authenticated with it (to the minute)." })
  @prop()
  last_used_at?: Date;
}

export const ApiKeyModel = getModelForClass(ApiKey);
