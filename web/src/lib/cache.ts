import { InMemoryCache, type ApolloCache, type FieldPolicy, type Reference } from "@apollo/client";

/**
 * Concrete types of each interface in schema.graphql, so that fragments on an interface (`... on Entry`) match in
 * the cache. cache.test.ts checks this against the schema: add a type here when the API adds one.
 */
export const possibleTypes: Record<string, string[]> = {
  Entry: ["CallEntry", "NoteEntry", "SmsEntry", "VoicemailEntry"],
};

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

/** Puts a new edge first (the newest entry of a newest-first list), unless its node is already there. */
export function prependEdge<TEdge extends { node: unknown }>(
  existing: ConnectionPage<TEdge>,
  edge: TEdge,
  keyOf: (edge: TEdge) => string | undefined,
): ConnectionPage<TEdge> {
  const key = keyOf(edge);
  if (key !== undefined && existing.edges.some((e) => keyOf(e) === key)) return existing;
  return { ...existing, edges: [edge, ...existing.edges] };
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
 * Whether a cached `Contact.timeline` field (named by its store key, e.g. `timeline:{"types":["CALL"]}`) lists
 * entries of this type: the unfiltered timeline does, a filtered one only when the filter names the type.
 */
export function timelineListsType(storeFieldName: string, type: string): boolean {
  const colon = storeFieldName.indexOf(":");
  if (colon < 0) return true;
  try {
    const args = JSON.parse(storeFieldName.slice(colon + 1)) as { types?: unknown };
    return !Array.isArray(args.types) || args.types.includes(type);
  } catch {
    return true;
  }
}

/**
 * Shows a newly created entry (e.g. from `createNote`) on top of the contact's cached timelines that list its type,
 * without a refetch that would drop the older pages already loaded. The entry itself must already be in the cache
 * (the mutation selected the timeline's fields), and the timeline must not select `edges.cursor` (the API returns
 * none for a new entry).
 */
export function addEntryToTimelines(
  cache: ApolloCache,
  contactId: string,
  entry: { __typename: string; id: string },
  type: string,
): void {
  cache.modify({
    id: cache.identify({ __typename: "Contact", id: contactId }),
    fields: {
      timeline(existing, { storeFieldName, toReference, readField }) {
        const node = toReference({ __typename: entry.__typename, id: entry.id });
        if (!node || !timelineListsType(storeFieldName, type)) return existing;
        return prependEdge(existing as ConnectionPage<{ __typename: string; node: Reference }>, { __typename: "EntryEdge", node }, (edge) =>
          readField<string>("id", edge.node),
        );
      },
    },
  });
}

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    possibleTypes,
    typePolicies: {
      Query: {
        fields: {
          contacts: connectionPolicy(["search"]),
        },
      },
      Contact: {
        fields: {
          timeline: connectionPolicy(["types"]),
        },
      },
      // `me` has no id: merge the fields of successive results instead of replacing the object.
      Viewer: { merge: true },
    },
  });
}
