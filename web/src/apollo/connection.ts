import type { FieldPolicy, Reference } from "@apollo/client";

/** The parts of a Relay connection the cache deals with. Edges hold a `node` (a cache Reference once normalized). */
export interface ConnectionPage<TEdge = { node: unknown }> {
  __typename?: string;
  edges: readonly TEdge[];
  pageInfo: { __typename?: string; hasNextPage: boolean; endCursor?: string | null };
}

/**
 * Merges a fetched page of a forward-paginated connection into what the cache holds.
 *
 * - Without `after` the page is the first one (first load, refetch, poll): it replaces everything, so a refetch
 *   never leaves stale older pages behind.
 * - With `after` the page continues the list: its edges are appended, skipping nodes already present (an entry
 *   created meanwhile shifts the pages by one), and its pageInfo becomes the connection's.
 */
export function mergeConnectionPage<TEdge extends { node: unknown }>(
  existing: ConnectionPage<TEdge> | undefined,
  incoming: ConnectionPage<TEdge>,
  after: string | null | undefined,
  keyOf: (edge: TEdge) => string | undefined,
): ConnectionPage<TEdge> {
  if (!existing || !after) return incoming;
  const seen = new Set(existing.edges.map(keyOf));
  const added = incoming.edges.filter((edge) => {
    const key = keyOf(edge);
    return key === undefined || !seen.has(key);
  });
  return { ...incoming, edges: [...existing.edges, ...added] };
}

/** Field policy of a forward-paginated connection; `keyArgs` are the arguments that make a different list. */
export function connectionPolicy(keyArgs: string[]): FieldPolicy<ConnectionPage> {
  return {
    keyArgs,
    merge(existing, incoming, { args, readField }) {
      return mergeConnectionPage(existing, incoming, args?.after as string | null | undefined, (edge) =>
        readField<string>("id", edge.node as Reference),
      );
    },
  };
}

/**
 * Puts an edge into a newest-first list at its place by time, unless its node is already there.
 *
 * Where it goes: before the first loaded edge that is older. An entry older than every loaded edge belongs to a page
 * not loaded yet when there is one (`hasNextPage`): it is left out, and will come with that page.
 */
export function insertEdgeByTime<TEdge extends { node: unknown }>(
  existing: ConnectionPage<TEdge>,
  edge: TEdge,
  keyOf: (edge: TEdge) => string | undefined,
  timeOf: (edge: TEdge) => string | undefined,
): ConnectionPage<TEdge> {
  const key = keyOf(edge);
  if (key !== undefined && existing.edges.some((e) => keyOf(e) === key)) return existing;
  const time = timeOf(edge) ?? "";
  const index = existing.edges.findIndex((e) => (timeOf(e) ?? "") < time);
  if (index < 0) {
    if (existing.pageInfo.hasNextPage && existing.edges.length > 0) return existing;
    return { ...existing, edges: [...existing.edges, edge] };
  }
  return { ...existing, edges: [...existing.edges.slice(0, index), edge, ...existing.edges.slice(index)] };
}

/**
 * The key arguments of a cached field, from its store name (`timeline:{"types":["CALL"]}` → `{ types: ["CALL"] }`):
 * `{}` for a field stored without arguments, undefined when the name cannot be read.
 */
export function storeFieldArgs(storeFieldName: string): Record<string, unknown> | undefined {
  const colon = storeFieldName.indexOf(":");
  if (colon < 0) return {};
  try {
    const args: unknown = JSON.parse(storeFieldName.slice(colon + 1));
    return typeof args === "object" && args !== null ? (args as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
