import type { ApolloCache, Reference } from "@apollo/client";
import { insertEdgeByTime, storeFieldArgs, type ConnectionPage } from "@/apollo/connection";

/**
 * Whether a cached `Contact.timeline` field (named by its store key, e.g. `timeline:{"types":["CALL"]}`) lists
 * entries of this type: the unfiltered timeline does, a filtered one only when the filter names the type.
 */
export function timelineListsType(storeFieldName: string, type: string): boolean {
  const types = storeFieldArgs(storeFieldName)?.types;
  return !Array.isArray(types) || types.includes(type);
}

/** The `EntryType` filter value that lists entries of this `__typename`. */
const ENTRY_TYPE_OF: Record<string, string> = {
  CallEntry: "CALL",
  NoteEntry: "NOTE",
  SmsEntry: "SMS",
  VoicemailEntry: "VOICEMAIL",
  ConversationEventEntry: "CONVERSATION_EVENT",
  ScheduledSmsEntry: "SCHEDULED_SMS",
};

/**
 * Shows an entry (created by a mutation, or announced by `timelineUpdated` / `smsReceived`) on the contact's cached
 * timelines that list its type, at its place by time, once, without a refetch that would drop the older pages already
 * loaded. The entry itself must already be in the cache (the operation selected the timeline's fields), and the
 * timeline must not select `edges.cursor` (the API returns none for a new entry).
 */
export function addEntryToTimelines(cache: ApolloCache, contactId: string, entry: { __typename: string; id: string }): void {
  const type = ENTRY_TYPE_OF[entry.__typename] ?? "";
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
