import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useCallback, useState } from "react";
import { graphql } from "@/gql";
import type { EntryType } from "@/gql/graphql";
import { useMarkRead } from "@/features/inbox/mark-read";
import { useOpenConversation } from "@/features/inbox/open-conversation";
import { useLiveTimeline } from "@/features/timeline/use-live-timeline";

const ContactTimelineQuery = graphql(`
  query ContactTimeline($id: ID!, $after: String, $types: [EntryType!]) {
    contact(id: $id) {
      id
      name
      phoneNumbers
      unreadCount
      smsOptedOut
      ...ContactHeader_contact
      timeline(first: 20, after: $after, types: $types) {
        edges {
          node {
            id
            ...TimelineEntry_entry
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/**
 * A contact and their timeline (every entry, or only `types`), as the contact view and the /sms page show it: the
 * cached copy at once then the latest first page, older pages on demand, live while on screen, and marked read.
 */
export function useContactTimeline(contactId: string, types?: EntryType[]) {
  const { data, error, networkStatus, fetchMore } = useQuery(ContactTimelineQuery, {
    variables: { id: contactId, types },
    // Show what the cache has at once, then the latest first page (which replaces older pages loaded before).
    fetchPolicy: "cache-and-network",
    notifyOnNetworkStatusChange: true,
  });
  const [olderError, setOlderError] = useState<unknown>(null);
  const contact = data?.contact;
  const endCursor = contact?.timeline.pageInfo.endCursor;

  // Live from the start (an event while the first page loads is not lost), unless the contact cannot be read.
  const live = contact || !error ? contactId : null;
  useOpenConversation(live);
  useLiveTimeline(live);
  useMarkRead(contact ? contactId : null, contact?.unreadCount ?? 0);

  const onLoadOlder = useCallback(() => {
    setOlderError(null);
    fetchMore({ variables: { after: endCursor } }).catch(setOlderError);
  }, [fetchMore, endCursor]);

  const timeline = contact && {
    edges: contact.timeline.edges,
    hasOlder: contact.timeline.pageInfo.hasNextPage,
    loadingOlder: networkStatus === NetworkStatus.fetchMore,
    olderError,
    onLoadOlder,
  };
  return { contact, error, timeline };
}
