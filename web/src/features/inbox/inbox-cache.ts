import type { ApolloCache, Reference } from "@apollo/client";
import type { Modifier } from "@apollo/client/cache";
import type { ConversationFilter, ConversationStatus } from "@/gql/graphql";
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
 * Whether a conversation belongs in the inbox list cached under `storeFieldName` (its filter: the tab), from the
 * conversation's assignee and status as the cache holds them; the same rules as the API's `conversations(filter)`.
 * A list whose filter cannot be read is left as it is (undefined).
 */
export function conversationMatchesList(
  storeFieldName: string,
  conversation: { assigneeId: string | null; status: string | undefined },
  viewerId: string | null,
): boolean | undefined {
  const args = storeFieldArgs(storeFieldName);
  if (!args) return undefined;
  const filter = (args.filter ?? {}) as ConversationFilter;
  if (filter.status && conversation.status && !filter.status.includes(conversation.status as ConversationStatus)) return false;
  if (filter.agentId) return conversation.assigneeId === filter.agentId;
  if (filter.assignee === "UNASSIGNED") return conversation.assigneeId === null;
  if (filter.assignee === "ME") return viewerId !== null && conversation.assigneeId === viewerId;
  return true;
}

/**
 * Keeps the cached contact lists in the API's order (last activity, newest first) after a contact changed
 * (`conversationUpdated`): the contact moves to its place; the unfiltered lists gain it if they did not hold it
 * (a search list only reorders, as the contact may not match it). The contact must already be in the cache.
 */
export function placeContactInLists(cache: ApolloCache, contactId: string, viewerId: string | null = null): void {
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
      if (inboxOnly) {
        // An inbox tab holds the conversations its filter selects: one assigned away or resolved leaves it.
        const assignee = readField<Reference | null>("assignee", node);
        const assigneeId = assignee ? (readField<string>("id", assignee) ?? null) : null;
        const matches = conversationMatchesList(storeFieldName, { assigneeId, status: readField<string>("status", node) }, viewerId);
        if (matches === false) return present ? { ...list, edges: list.edges.filter((edge) => keyOf(edge) !== contactId) } : existing;
      }
      // The inbox (`conversations`) only gains contacts that have a message to show.
      if (!present && (!contactsListIsUnfiltered(storeFieldName) || (inboxOnly && !readField("lastMessage", node)))) return existing;
      const others = { ...list, edges: list.edges.filter((edge) => keyOf(edge) !== contactId) };
      const placed = insertEdgeByTime(others, { __typename: "ContactEdge", node }, keyOf, timeOf);
      // Left out (older than every loaded row while more pages exist): it was there, so keep it at the end.
      return placed === others && present ? { ...others, edges: [...others.edges, { __typename: "ContactEdge", node }] } : placed;
    };
  cache.modify({ id: "ROOT_QUERY", fields: { contacts: place(false), conversations: place(true) } });
}
