import { InMemoryCache, type ApolloCache, type FieldPolicy, type Reference } from "@apollo/client";
import type { Modifier } from "@apollo/client/cache";

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

/** The `EntryType` filter value that lists entries of this `__typename`. */
export const ENTRY_TYPE_OF: Record<string, string> = {
  CallEntry: "CALL",
  NoteEntry: "NOTE",
  SmsEntry: "SMS",
  VoicemailEntry: "VOICEMAIL",
};

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
 * Shows an entry (created by a mutation, or announced by `timelineUpdated` / `smsReceived`) on the contact's cached
 * timelines that list its type, at its place by time, once, without a refetch that would drop the older pages already
 * loaded. The entry itself must already be in the cache (the operation selected the timeline's fields), and the
 * timeline must not select `edges.cursor` (the API returns none for a new entry).
 */
export function addEntryToTimelines(
  cache: ApolloCache,
  contactId: string,
  entry: { __typename: string; id: string },
  type: string = ENTRY_TYPE_OF[entry.__typename] ?? "",
): void {
  cache.modify({
    id: cache.identify({ __typename: "Contact", id: contactId }),
    fields: {
      timeline(existing, { storeFieldName, toReference, readField }) {
        const node = toReference({ __typename: entry.__typename, id: entry.id });
        if (!node || !existing || !timelineListsType(storeFieldName, type)) return existing;
        type TimelineEdge = { __typename: string; node: Reference };
        return insertEdgeByTime(
          existing as ConnectionPage<TimelineEdge>,
          { __typename: "EntryEdge", node },
          (edge) => readField<string>("id", edge.node),
          (edge) => readField<string>("createdAt", edge.node),
        );
      },
    },
  });
}

/**
 * Whether a cached `Query.contacts` field (by its store key, e.g. `contacts:{"search":"ana"}`) is the whole list,
 * i.e. not a search: a contact whose conversation moved belongs in it even if it was not loaded.
 */
export function contactsListIsUnfiltered(storeFieldName: string): boolean {
  const colon = storeFieldName.indexOf(":");
  if (colon < 0) return true;
  try {
    const args = JSON.parse(storeFieldName.slice(colon + 1)) as { search?: unknown };
    return typeof args.search !== "string" || args.search.trim() === "";
  } catch {
    return false;
  }
}

/**
 * Keeps the cached contact lists in the API's order (last activity, newest first) after a contact changed
 * (`conversationUpdated`): the contact moves to its place; the unfiltered lists gain it if they did not hold it
 * (a search list only reorders, as the contact may not match it). The contact must already be in the cache.
 */
export function placeContactInLists(cache: ApolloCache, contactId: string): void {
  const place =
    (inboxOnly: boolean): Modifier<unknown> =>
    (existing, { storeFieldName, toReference, readField }) => {
      if (!existing) return existing;
      type ContactEdge = { __typename: string; node: Reference };
      const list = existing as ConnectionPage<ContactEdge>;
      const node = toReference({ __typename: "Contact", id: contactId });
      if (!node) return existing;
      const keyOf = (edge: ContactEdge) => readField<string>("id", edge.node);
      const timeOf = (edge: ContactEdge) => readField<string>("lastActivityAt", edge.node);
      const present = list.edges.some((edge) => keyOf(edge) === contactId);
      // The inbox (`conversations`) only gains contacts that have a message to show.
      if (!present && (!contactsListIsUnfiltered(storeFieldName) || (inboxOnly && !readField("lastMessage", node)))) return existing;
      const others = { ...list, edges: list.edges.filter((edge) => keyOf(edge) !== contactId) };
      const placed = insertEdgeByTime(others, { __typename: "ContactEdge", node }, keyOf, timeOf);
      // Left out (older than every loaded row while more pages exist): it was there, so keep it at the end.
      return placed === others && present ? { ...others, edges: [...others.edges, { __typename: "ContactEdge", node }] } : placed;
    };
  cache.modify({ id: "ROOT_QUERY", fields: { contacts: place(false), conversations: place(true) } });
}

/**
 * How far a message has gone. A status only moves forward: an older answer arriving late (the `sendSms` result after
 * a status callback's `timelineUpdated`) must not take a DELIVERED message back to QUEUED. A failed message only
 * leaves failure through a retry, which starts again from QUEUED.
 */
const SMS_STATUS_RANK: Record<string, number> = {
  SCHEDULED: 0,
  ACCEPTED: 0,
  QUEUED: 0,
  SENDING: 1,
  SENT: 2,
  RECEIVING: 2,
  RECEIVED: 3,
  PARTIALLY_DELIVERED: 3,
  DELIVERED: 3,
  UNDELIVERED: 3,
  FAILED: 3,
  CANCELED: 3,
  READ: 4,
};
const FAILED_SMS_STATUSES = new Set(["FAILED", "UNDELIVERED", "CANCELED"]);

export function mergeSmsStatus(existing: string | undefined, incoming: string): string {
  if (existing === undefined || FAILED_SMS_STATUSES.has(existing)) return incoming;
  return (SMS_STATUS_RANK[incoming] ?? 0) < (SMS_STATUS_RANK[existing] ?? 0) ? existing : incoming;
}

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    possibleTypes,
    typePolicies: {
      Query: {
        fields: {
          contacts: connectionPolicy(["search"]),
          conversations: connectionPolicy([]),
        },
      },
      Contact: {
        fields: {
          timeline: connectionPolicy(["types"]),
        },
      },
      SmsEntry: {
        fields: {
          status: { merge: (existing: string | undefined, incoming: string) => mergeSmsStatus(existing, incoming) },
        },
      },
      // `me` has no id: merge the fields of successive results instead of replacing the object.
      Viewer: { merge: true },
    },
  });
}
