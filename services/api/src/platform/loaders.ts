import DataLoader from "dataloader";
import type { Types } from "mongoose";

/**
 * Per-request batching. A domain declares a loader once (`defineLoader`); a request's `Loaders` makes it the first
 * time a resolver asks for it, scoped to the caller's account, so another account's id simply loads nothing. A page
 * of entries then costs one query for its contacts and one for its agents, whatever its size.
 */
export interface LoaderDefinition<K, V> {
  readonly name: string;
  create(accountId: Types.ObjectId | undefined, cache: boolean): DataLoader<K, V>;
}

function defineLoader<K, V>(
  name: string,
  create: (accountId: Types.ObjectId | undefined, cache: boolean) => DataLoader<K, V>,
): LoaderDefinition<K, V> {
  return { name, create };
}

/** A loader by `_id` within the account: `find` receives the ids of one batch and the account. */
export function byIdLoader<T extends { _id: Types.ObjectId }>(name: string, find: (ids: string[], accountId: Types.ObjectId) => Promise<T[]>) {
  return defineLoader<string, T | null>(
    name,
    (accountId, cache) =>
      new DataLoader<string, T | null>(
        async (ids) => {
          const docs = accountId ? await find([...ids], accountId) : [];
          const byId = new Map(docs.map((d) => [String(d._id), d]));
          return ids.map((id) => byId.get(id) ?? null);
        },
        { cache },
      ),
  );
}

/** One request's loaders. `cache: false` for subscriptions, whose context lives as long as the socket. */
export class Loaders {
  private readonly made = new Map<LoaderDefinition<unknown, unknown>, DataLoader<unknown, unknown>>();

  constructor(
    private readonly accountId: Types.ObjectId | undefined,
    private readonly cache = true,
  ) {}

  get<K, V>(definition: LoaderDefinition<K, V>): DataLoader<K, V> {
    let loader = this.made.get(definition as LoaderDefinition<unknown, unknown>);
    if (!loader) {
      loader = definition.create(this.accountId, this.cache) as DataLoader<unknown, unknown>;
      this.made.set(definition as LoaderDefinition<unknown, unknown>, loader);
    }
    return loader as DataLoader<K, V>;
  }
}
