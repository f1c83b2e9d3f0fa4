"use client";

import { useApolloClient, useSubscription } from "@apollo/client/react";
import { useEffect, useRef } from "react";
import { useViewerId } from "@/features/session/use-viewer-id";
import { addEntryToTimelines } from "@/features/timeline/timeline-cache";
import { graphql } from "@/gql";
import { displayName } from "@/lib/phone";
import { useToast } from "@/ui/toasts";
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

const SmsReceivedSubscription = graphql(`
  subscription LiveSmsReceived {
    smsReceived {
      id
      body
      media {
        url
      }
      contact {
        id
        name
        assignee {
          id
        }
      }
      ...SmsEntryItem_entry
    }
  }
`);

/**
 * The account's live events, for as long as an agent is signed in (whatever page is open):
 * - `conversationUpdated`: the contact is written to the cache (unread badge, last message, opt-out) and the inbox
 *   moves it to its place by last activity, adding it when it was not listed;
 * - `smsReceived`: the message joins the contact's cached timelines, and a notification shows when the agent is not
 *   looking at that conversation.
 */
export function LiveInbox() {
  const client = useApolloClient();
  const toast = useToast();
  const viewerId = useViewerId();
  // The tabs' counts are the API's (every conversation, not only the loaded rows): asked again, at most twice a second.
  const countsTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
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
      refreshCounts();
    },
  });

  useSubscription(SmsReceivedSubscription, {
    ignoreResults: true,
    onData: ({ data }) => {
      const sms = data.data?.smsReceived;
      if (!sms) return;
      addEntryToTimelines(client.cache, sms.contact.id, { __typename: "SmsEntry", id: sms.id });
      if (isConversationOpen(sms.contact.id)) return;
      // Notifications follow ownership: the assignee's, everyone's while nobody owns the conversation.
      if (sms.contact.assignee && sms.contact.assignee.id !== viewerId) return;
      const body = sms.body.trim() || (sms.media.length > 0 ? "Sent a picture or a file" : "");
      toast({
        id: `sms-${sms.contact.id}`, // one notification per conversation, showing its latest message
        title: `New SMS from ${displayName(sms.contact.name)}`,
        body: body.length > 140 ? `${body.slice(0, 139)}…` : body,
        href: `/inbox/${encodeURIComponent(sms.contact.id)}`,
        linkLabel: "Open conversation",
      });
    },
  });

  return null;
}
