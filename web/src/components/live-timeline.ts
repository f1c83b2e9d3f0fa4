"use client";

import { useApolloClient, useMutation, useSubscription } from "@apollo/client/react";
import { useEffect, useRef } from "react";
import { graphql } from "@/gql";
import { addEntryToTimelines } from "@/lib/cache";

const TimelineUpdatedSubscription = graphql(`
  subscription ContactTimelineUpdated($contactId: ID!) {
    timelineUpdated(contactId: $contactId) {
      __typename
      id
      ...TimelineEntry_entry
    }
  }
`);

const MarkConversationReadMutation = graphql(`
  mutation MarkConversationRead($contactId: ID!) {
    markConversationRead(contactId: $contactId) {
      id
      unreadCount
    }
  }
`);

/**
 * Keeps the open contact's cached timelines live: a new entry (an SMS either way, a call, a note) joins them at its
 * place, once; a changed one (an SMS moving to DELIVERED, a call ending) is updated in place by the cache.
 */
export function useLiveTimeline(contactId: string | null) {
  const client = useApolloClient();
  useSubscription(TimelineUpdatedSubscription, {
    variables: { contactId: contactId ?? "" },
    skip: !contactId,
    ignoreResults: true,
    onData: ({ data }) => {
      const entry = data.data?.timelineUpdated;
      if (entry && contactId) addEntryToTimelines(client.cache, contactId, entry);
    },
  });
}

/**
 * The agent is reading this conversation: whenever it has unread messages (on opening it, or when one arrives while it
 * is open) and the page is visible, mark it read. `conversationUpdated` then clears the badge everywhere.
 */
export function useMarkRead(contactId: string | null, unreadCount: number) {
  const [markRead] = useMutation(MarkConversationReadMutation);
  const inFlight = useRef(false);
  useEffect(() => {
    if (!contactId || unreadCount <= 0) return;
    const mark = () => {
      if (inFlight.current || document.visibilityState !== "visible") return;
      inFlight.current = true;
      markRead({ variables: { contactId } })
        .catch(() => {})
        .finally(() => {
          inFlight.current = false;
        });
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [contactId, unreadCount, markRead]);
}
