import { getModelForClass, index, modelOptions, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "A person who works the contact center: signs in, calls and texts customers." })
@modelOptions({ schemaOptions: { collection: "agents", timestamps: { createdAt: "created_at", updatedAt: "updated_at" } } })
@index({ email: 1 }, { unique: true })
@index({ account_id: 1 })
@index({ account_id: 1, name: 1, _id: 1 })
export class Agent {
  @Field(() => ID, { name: "id" })
  readonly _id: Types.ObjectId;

  @prop({ required: true, type: () => Types.ObjectId })
  account_id: Types.ObjectId;

  @Field()
  @prop({ required: true, trim: true })
  name: string;

  /** Stored lower-cased: sign-in is case-insensitive. Unique across accounts, since sign-in names no account. */
  @Field()
  @prop({ required: true, lowercase: true, trim: true })
  email: string;

  /** argon2id. */
  @prop({ required: true })
  password_hash: string;

  /** E.164. Click-to-call rings this phone first. */
  @Field(() => String, { name: "phone", nullable: true, description: "The agent's own phone (E.164); click-to-call rings it first." })
  @prop()
  phone?: string;

  @prop()
  created_at?: Date;
}

export const AgentModel = getModelForClass(Agent);
