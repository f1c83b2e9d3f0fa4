import { getModelForClass, index, modelOptions, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";

/**
 * One signed-in browser or client of an agent. The agent's token names it (`sid`), and a token is honoured only while
 * its session is neither revoked nor expired: logout revokes one session, "sign out everywhere" all of an agent's.
 * Each sign-in deletes the agent's sessions that ended over a day ago (no TTL index: FerretDB has none).
 */
@modelOptions({ schemaOptions: { collection: "sessions", timestamps: { createdAt: "created_at", updatedAt: false } } })
@index({ agent_id: 1, revoked_at: 1 })
class Session {
  readonly _id: Types.ObjectId;

  @prop({ required: true, type: () => Types.ObjectId })
  account_id: Types.ObjectId;

  @prop({ required: true, type: () => Types.ObjectId })
  agent_id: Types.ObjectId;

  @prop({ required: true })
  expires_at: Date;

  @prop()
  revoked_at?: Date;

  /** The browser's User-Agent at sign-in (up to 256 characters), to recognise a session in a list. */
  @prop()
  user_agent?: string;

  @prop()
  created_at?: Date;
}

export const SessionModel = getModelForClass(Session);
