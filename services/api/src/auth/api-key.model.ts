import { getModelForClass, index, modelOptions, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";

/**
 * A key other services of the company use to call the API for one account. Only its SHA-256 is stored: the key is
 * 256 random bits, so a fast hash is enough and a lookup stays one indexed query.
 */
@modelOptions({ schemaOptions: { collection: "api_keys", timestamps: { createdAt: "created_at", updatedAt: false } } })
@index({ key_hash: 1 }, { unique: true })
@index({ account_id: 1 })
class ApiKey {
  readonly _id: Types.ObjectId;

  @prop({ required: true, type: () => Types.ObjectId })
  account_id: Types.ObjectId;

  @prop({ required: true })
  key_hash: string;

  /** The first characters of the key, to recognise it in a list without revealing it. */
  @prop({ required: true })
  prefix: string;

  @prop()
  name?: string;

  @prop()
  revoked_at?: Date;

  @prop()
  created_at?: Date;
}

export const ApiKeyModel = getModelForClass(ApiKey);
