"use client";

import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useCallback, useId, useRef, useState } from "react";
import { graphql } from "@/gql";
import { errorMessage, hasErrorCode } from "@/lib/errors";
import { useOpenConversation } from "@/lib/open-conversation";
import { displayName } from "@/lib/phone";
import { Composer } from "./composer";
import { ContactHeader } from "./contact-header";
import { useLiveTimeline, useMarkRead } from "./live-timeline";
import { Timeline } from "./timeline";

const ContactViewQuery = graphql(`
  query ContactView($id: ID!, $after: String) {
    contact(id: $id) {
      id
      name
      unreadCount
      smsOptedOut
      ...ContactHeader_contact
      timeline(first: 20, after: $after) {
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
 * A contact: who they are and the Call / SMS actions, above ONE timeline of every call, voicemail, note and SMS,
 * newest at the bottom, live, with the SMS composer under it.
 */
export function ContactView({ id, back }: { id: string; back: { href: string; label: string } }) {
  const headingId = useId();
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const { data, error, networkStatus, fetchMore } = useQuery(ContactViewQuery, {
    variables: { id },
    // Show what the cache has at once, then the latest first page (which replaces older pages loaded before).
    fetchPolicy: "cache-and-network",
    notifyOnNetworkStatusChange: true,
  });
  const [olderError, setOlderError] = useState<unknown>(null);
  const contact = data?.contact;
  const endCursor = contact?.timeline.pageInfo.endCursor;

  useOpenConversation(contact ? id : null);
  useLiveTimeline(contact ? id : null);
  useMarkRead(contact ? id : null, contact?.unreadCount ?? 0);

  const loadOlder = useCallback(() => {
    setOlderError(null);
    fetchMore({ variables: { after: endCursor } }).catch(setOlderError);
  }, [fetchMore, endCursor]);

  if (!contact) {
    return (
      <section className="contact-view contact-view--status">
        {error ? (
          <p className="notice notice--error" role="alert">
            {hasErrorCode(error, "NOT_FOUND") ? "This contact does not exist in your account." : errorMessage(error)}
          </p>
        ) : (
          <p className="page-status" role="status">
            Loading contact…
          </p>
        )}
      </section>
    );
  }

  const name = displayName(contact.name);
  return (
    <section className="contact-view" aria-labelledby={headingId}>
      <ContactHeader contact={contact} headingId={headingId} back={back} onSms={() => composerRef.current?.focus()} />
      {error && (
        <p className="notice notice--error contact-view__error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      <Timeline
        key={id}
        edges={contact.timeline.edges}
        hasOlder={contact.timeline.pageInfo.hasNextPage}
        loadingOlder={networkStatus === NetworkStatus.fetchMore}
        olderError={olderError}
        onLoadOlder={loadOlder}
        contactName={name}
        label={`Timeline with ${name}`}
        emptyText="No calls, messages or notes yet. Send the first SMS below."
      />
      <Composer contactId={contact.id} contactName={name} optedOut={contact.smsOptedOut} inputRef={composerRef} />
    </section>
  );
}
