import DataLoader from "dataloader";
import type { Types } from "mongoose";
import { AgentModel, type Agent } from "../auth/agent.model.js";
import { ContactModel, type Contact } from "../contacts/contact.model.js";

/**
 * Per-request batching: a page of entries costs one query for its contacts and one for its agents, whatever its
 * size. Every loader is scoped to the caller's account, so another account's id simply loads nothing.
 */
export interface Loaders {
  contact: DataLoader<string, Contact | null>;
  agent: DataLoader<string, Agent | null>;
}

function byIdLoader<T extends { _id: Types.ObjectId }>(load: (ids: string[]) => Promise<T[]>, cache: boolean) {
  return new DataLoader<string, T | null>(
    async (ids) => {
      const docs = await load([...ids]);
      const map = new Map(docs.map((d) => [String(d._id), d]));
      return ids.map((id) => map.get(id) ?? null);
    },
    { cache },
  );
}

export function createLoaders(accountId: Types.ObjectId | undefined, opts: { cache?: boolean } = {}): Loaders {
  const cache = opts.cache ?? true;
  return {
    contact: byIdLoader(
      (ids) =>
        accountId
          ? ContactModel.find({ _id: { $in: ids }, account_id: accountId })
              .lean<Contact[]>()
              .exec()
          : Promise.resolve([]),
      cache,
    ),
    agent: byIdLoader(
      (ids) =>
        accountId
          ? AgentModel.find({ _id: { $in: ids }, account_id: accountId })
              .lean<Agent[]>()
              .exec()
          : Promise.resolve([]),
      cache,
    ),
  };
}
