import type { Context } from "../platform/context.js";
import { byIdLoader } from "../platform/loaders.js";
import { AgentModel, type Agent } from "./agent.model.js";

/** Agents by id within the caller's account, batched per request. */
export const agentById = byIdLoader<Agent>("agent", (ids, accountId) =>
  AgentModel.find({ _id: { $in: ids }, account_id: accountId })
    .lean<Agent[]>()
    .exec(),
);

/** The agent an entry names (who placed a call, wrote a note, sent an SMS), or null. */
export function agentOf(entry: { agent_id?: unknown }, ctx: Context): Promise<Agent | null> | null {
  return entry.agent_id ? ctx.loaders.get(agentById).load(String(entry.agent_id)) : null;
}
