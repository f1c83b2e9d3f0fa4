"use client";

import { useApolloClient, useSubscription } from "@apollo/client/react";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { notifyWhenHidden } from "@/features/notifications/desktop-notifications";
import { notificationText } from "@/features/notifications/notification-text";
import { useViewerId } from "@/features/session/use-viewer-id";
import { addEntryToTimelines } from "@/features/timeline/timeline-cache";
import { getFragmentData, graphql } from "@/gql";
import { useToast } from "@/ui/toasts";
import { ConversationRowFragment } from "./conversation-row";
import { placeContactInLists } from "./inbox-cache";
import { isConversationOpen } from "./open-conversation";

const ConversationUpdatedSubscription = graphql(`
  subscription LiveConversationUpdated {
    conversationUpdated {
      id
      smsOptedOut
      ...ConversationRow_contact
      ...ContactRow_contact
    }
  }
`);

const InboundActivitySubscription = graphql(`
  subscription LiveInboundActivity {
    inboundActivity {
      __typename
      id
      contact {
        id
        name
        assignee {
          id
        }
      }
      ... on SmsEntry {
        body
        media {
          url
        }
      }
      ... on VoicemailEntry {
        duration
      }
      ...TimelineEntry_entry
    }
  }
`);

/**
 * The account's live events, for as long as an agent is signed in (whatever page is open):
 * - `conversationUpdated`: the contact is written to the cache (unread badge, last message, owner, status) and the
 *   inbox moves it to its place and its tabs; the tabs' counts are asked again when a change can move them;
 * - `inboundActivity` (an SMS, a voicemail, a missed call): it joins the contact's cached timelines, and a notification
 *   shows when the agent is not looking at that conversation — a toast, and a browser notification while the tab is
 *   hidden. Notifications follow ownership: the assignee's, everyone's while nobody owns the conversation.
 */
export function LiveInbox() {
  const client = useApolloClient();
  const router = useRouter();
  const toast = useToast();
  const viewerId = useViewerId();
  // The tabs' counts are the API's (every conversation, not only the loaded rows): asked again, at most twice a second,
  // and only after an event that can move them — a conversation first seen, or whose owner or status changed. A new
  // message on a conversation whose tab stays the same (most events) asks nothing.
  const countsTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const tabOf = useRef(new Map<string, string>());
  useEffect(() => () => clearTimeout(countsTimer.current ?? undefined), []);
  const refreshCounts = () => {
    countsTimer.current ??= setTimeout(() => {
      countsTimer.current = null;
      void client.refetchQueries({ include: ["InboxCounts"] });
    }, 500);
  };

  useSubscription(ConversationUpdatedSubscription, {
    ignoreResults: true,
    onData: ({ data }) => {
      const contact = data.data?.conversationUpdated;
      if (!contact) return;
      placeContactInLists(client.cache, contact.id, viewerId);
      const row = getFragmentData(ConversationRowFragment, contact);
      const tab = `${row.status}:${row.assignee?.id ?? ""}:${row.lastMessage ? 1 : 0}`;
      if (tabOf.current.get(contact.id) !== tab) refreshCounts();
      tabOf.current.set(contact.id, tab);
    },
  });

  useSubscription(InboundActivitySubscription, {
    ignoreResults: true,
    onData: ({ data }) => {
      const activity = data.data?.inboundActivity;
      if (!activity) return;
      const { contact } = activity;
      addEntryToTimelines(client.cache, contact.id, { __typename: activity.__typename, id: activity.id });
      if (isConversationOpen(contact.id)) return;
      if (contact.assignee && contact.assignee.id !== viewerId) return;
      const { title, body } = notificationText(activity, contact.name);
      const href = `/inbox/${encodeURIComponent(contact.id)}`;
      // One notification per conversation, showing its latest activity.
      toast({ id: `inbound-${contact.id}`, title, body, href, linkLabel: "Open conversation" });
      notifyWhenHidden({ title, body, tag: `inbound-${contact.id}`, onClick: () => router.push(href) });
    },
  });

  return null;
}
