import { useApolloClient, useSubscription } from "@apollo/client/react";
import { graphql } from "@/gql";
import { REFETCH_SCHEDULED } from "@/features/scheduled-sms/scheduled-sms.documents";
import { addEntryToTimelines } from "./timeline-cache";

const TimelineUpdatedSubscription = graphql(`
  subscription ContactTimelineUpdated($contactId: ID!) {
    timelineUpdated(contactId: $contactId) {
      __typename
      id
      ...TimelineEntry_entry
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
      if (!entry || !contactId) return;
      addEntryToTimelines(client.cache, contactId, entry);
      // A scheduled SMS was added, changed, sent or canceled: the list under the timeline asks again.
      if (entry.__typename === "ScheduledSmsEntry") void client.refetchQueries({ include: REFETCH_SCHEDULED });
    },
  });
}
