"use client";

import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useId } from "react";
import { getFragmentData, graphql } from "@/gql";
import { ConnectionList } from "@/ui/connection-list";
import { ConversationRow, ConversationRowFragment } from "./conversation-row";

const InboxQuery = graphql(`
  query Inbox($after: String) {
    conversations(first: 30, after: $after) {
      edges {
        node {
          id
          ...ConversationRow_contact
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/**
 * SMS conversations by last activity, newest first, live: `LiveUpdates` moves a contact to the top (or adds it) when
 * a message comes or goes. The API's `conversations` lists only contacts with a message or a voicemail.
 */
export function InboxList({ selectedId }: { selectedId: string | null }) {
  const titleId = useId();
  const { data, error, networkStatus, fetchMore } = useQuery(InboxQuery, {
    fetchPolicy: "cache-and-network",
    notifyOnNetworkStatusChange: true,
  });
  const contacts = data?.conversations;
  // A conversation row needs a message to show; a contact that just opted out without writing has none yet.
  const conversations = (contacts?.edges ?? [])
    .map(({ node }) => node)
    .filter((node) => getFragmentData(ConversationRowFragment, node).lastMessage !== null);
  const loadingMore = networkStatus === NetworkStatus.fetchMore;

  return (
    <section className="inbox" aria-labelledby={titleId}>
      <div className="pane-header">
        <h1 id={titleId} className="pane-header__title">
          Inbox
        </h1>
      </div>
      <ConnectionList
        className="inbox__scroll"
        connection={contacts}
        error={error}
        loadingText="Loading conversations…"
        nodes={conversations}
        empty={
          <div className="empty">
            <p className="empty__title">No conversations yet</p>
            <p>When a customer texts one of your numbers, the conversation shows up here.</p>
          </div>
        }
        renderRows={(nodes) => (
          <ul className="conversations" aria-label="Conversations">
            {nodes.map((node) => (
              <ConversationRow key={node.id} contact={node} selected={node.id === selectedId} />
            ))}
          </ul>
        )}
        moreLabel="Older conversations"
        loadingMore={loadingMore}
        onLoadMore={(after) => fetchMore({ variables: { after } })}
      />
    </section>
  );
}
