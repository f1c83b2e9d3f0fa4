import { useMutation } from "@apollo/client/react";
import { useEffect, useRef } from "react";
import { graphql } from "@/gql";

const MarkConversationReadMutation = graphql(`
  mutation MarkConversationRead($contactId: ID!) {
    markConversationRead(contactId: $contactId) {
      id
      unreadCount
    }
  }
`);

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
