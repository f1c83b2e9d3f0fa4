import { getModelForClass, index, modelOptions, prop } from "@typegoose/typegoose";
import { Types } from "mongoose";
import type { Logger } from "../platform/logger.js";

/**
 * Which agents are online: one document per open console socket of an agent (graphql-ws), on whichever replica
 * holds it. The replica refreshes its sockets' `expires_at` every HEARTBEAT_MS and deletes them when they close; a
 * replica that died leaves documents that simply expire (and are swept by the next heartbeat of any replica).
 */
@modelOptions({ schemaOptions: { collection: "agent_presence", versionKey: false } })
@index({ account_id: 1, expires_at: 1 })
@index({ expires_at: 1 })
class AgentPresence {
  /** The socket's id. */
  @prop({ required: true })
  _id: string;

  @prop({ required: true, type: () => Types.ObjectId })
  account_id: Types.ObjectId;

  @prop({ required: true, type: () => Types.ObjectId })
  agent_id: Types.ObjectId;

  @prop({ required: true })
  expires_at: Date;
}

export const AgentPresenceModel = getModelForClass(AgentPresence);

const HEARTBEAT_MS = 30_000;
/** A socket not refreshed for this long (its replica is gone) no longer counts. */
const EXPIRES_MS = 3 * HEARTBEAT_MS;

/** The agents of the account with at least one open console socket, by id. */
export async function onlineAgentIds(accountId: Types.ObjectId, now = new Date()): Promise<Types.ObjectId[]> {
  const rows = await AgentPresenceModel.find({ account_id: accountId, expires_at: { $gt: now } }, { agent_id: 1 })
    .lean<{ agent_id: Types.ObjectId }[]>()
    .exec();
  const ids = new Map(rows.map((r) => [String(r.agent_id), r.agent_id]));
  return [...ids.values()].sort((a, b) => String(a).localeCompare(String(b)));
}

/** This replica's sockets: `connected` and `closed` from graphql-ws, a heartbeat in between. Never throws. */
export function startPresence(logger: Logger, heartbeatMs = HEARTBEAT_MS) {
  const open = new Set<string>();
  const expiry = () => new Date(Date.now() + Math.max(EXPIRES_MS, 3 * heartbeatMs));
  const quietly = (what: string, write: () => Promise<unknown>) =>
    write().catch((err: unknown) => logger.warn({ err }, `presence: could not ${what}; the next heartbeat tries again`));
  const timer = setInterval(() => {
    if (open.size)
      void quietly("refresh sockets", () => AgentPresenceModel.updateMany({ _id: { $in: [...open] } }, { $set: { expires_at: expiry() } }).exec());
    void quietly("sweep expired sockets", () => AgentPresenceModel.deleteMany({ expires_at: { $lt: new Date() } }).exec());
  }, heartbeatMs);
  timer.unref();
  return {
    connected(socketId: string, viewer: { accountId: Types.ObjectId; agentId?: Types.ObjectId }): Promise<unknown> {
      if (!viewer.agentId) return Promise.resolve();
      open.add(socketId);
      return quietly("record a socket", () =>
        AgentPresenceModel.updateOne(
          { _id: socketId },
          { $set: { account_id: viewer.accountId, agent_id: viewer.agentId, expires_at: expiry() } },
          { upsert: true },
        ).exec(),
      );
    },
    closed(socketId: string): Promise<unknown> {
      if (!open.delete(socketId)) return Promise.resolve();
      return quietly("remove a socket", () => AgentPresenceModel.deleteOne({ _id: socketId }).exec());
    },
    /** Stops the heartbeat and removes this replica's sockets (it is shutting down). */
    async stop(): Promise<void> {
      clearInterval(timer);
      const ids = [...open];
      open.clear();
      if (ids.length) await quietly("remove sockets", () => AgentPresenceModel.deleteMany({ _id: { $in: ids } }).exec());
    },
  };
}
