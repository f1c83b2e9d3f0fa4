"use client";

import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useEffect, useId } from "react";
import { getFragmentData, graphql } from "@/gql";
import { errorMessage } from "@/lib/errors";
import { ConversationRow, ConversationRowFragment } from "./conversation-row";

const InboxQuery = graphql(`
  query Inbox($after: String) {
    contacts(first: 30, after: $after) {
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

/** Pages the inbox loads by itself when the contacts with messages are too few to fill a screen. */
const AUTO_PAGES = 3;
const FILL = 12;

/**
 * SMS conversations by last activity, newest first, live: `LiveUpdates` moves a contact to the top (or adds it) when
 * a message comes or goes. The API lists contacts by activity; those without any SMS are left out here.
 */
export function InboxList({ selectedId }: { selectedId: string | null }) {
  const titleId = useId();
  const { data, error, networkStatus, fetchMore } = useQuery(InboxQuery, {
    fetchPolicy: "cache-and-network",
    notifyOnNetworkStatusChange: true,
  });
  const contacts = data?.contacts;
  const conversations = (contacts?.edges ?? []).filter(
    ({ node }) => getFragmentData(ConversationRowFragment, node).lastMessage !== null || node.id === selectedId,
  );
  const loadingMore = networkStatus === NetworkStatus.fetchMore;
  const pagesLoaded = contacts ? Math.ceil(contacts.edges.length / 30) : 0;

  // Contacts without messages are skipped: fetch a few more pages when that leaves the list short.
  const shouldFill = Boolean(contacts?.pageInfo.hasNextPage) && conversations.length < FILL && pagesLoaded < AUTO_PAGES && !loadingMore;
  useEffect(() => {
    if (shouldFill && contacts) void fetchMore({ variables: { after: contacts.pageInfo.endCursor } }).catch(() => {});
  }, [shouldFill, contacts, fetchMore]);

  return (
    <section className="inbox" aria-labelledby={titleId}>
      <div className="pane-header">
        <h1 id={titleId} className="pane-header__title">
          Inbox
        </h1>
      </div>
      {error && !contacts && (
        <p className="notice notice--error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      {!contacts && !error && (
        <p className="page-status" role="status">
          Loading conversations…
        </p>
      )}
      {contacts && (
        <div className="inbox__scroll">
          {conversations.length === 0 ? (
            <div className="empty">
              <p className="empty__title">No conversations yet</p>
              <p>When a customer texts one of your numbers, the conversation shows up here.</p>
            </div>
          ) : (
            <ul className="conversations" aria-label="Conversations">
              {conversations.map(({ node }) => (
                <ConversationRow key={node.id} contact={node} selected={node.id === selectedId} />
              ))}
            </ul>
          )}
          {contacts.pageInfo.hasNextPage && (
            <div className="list-footer">
              <button
                type="button"
                className="button button--secondary"
                disabled={loadingMore}
                onClick={() => fetchMore({ variables: { after: contacts.pageInfo.endCursor } }).catch(() => {})}
              >
                {loadingMore ? "Loading…" : "Older conversations"}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
