import type { ApolloCache, Reference } from "@apollo/client";
import type { Modifier } from "@apollo/client/cache";
import { insertEdgeByTime, storeFieldArgs, type ConnectionPage } from "@/apollo/connection";

/**
 * Whether a cached `Query.contacts` field (by its store key, e.g. `contacts:{"search":"ana"}`) is the whole list,
 * i.e. not a search: a contact whose conversation moved belongs in it even if it was not loaded.
 */
export function contactsListIsUnfiltered(storeFieldName: string): boolean {
  const args = storeFieldArgs(storeFieldName);
  if (!args) return false;
  return typeof args.search !== "string" || args.search.trim() === "";
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
