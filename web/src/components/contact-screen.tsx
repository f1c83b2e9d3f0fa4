"use client";

import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import Link from "next/link";
import { useId, useState } from "react";
import { graphql } from "@/gql";
import { errorMessage, hasErrorCode } from "@/lib/errors";
import { ContactCard } from "./contact-card";
import { NoteForm } from "./note-form";
import { TimelineEntry } from "./timeline-entry";

const ContactPageQuery = graphql(`
  query ContactPage($id: ID!, $after: String) {
    contact(id: $id) {
      id
      ...ContactCard_contact
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

/** A contact: details, a note form, and the timeline of every interaction, newest first, paged backwards. */
export function ContactScreen({ id }: { id: string }) {
  const headingId = useId();
  const timelineId = useId();
  const { data, error, networkStatus, fetchMore } = useQuery(ContactPageQuery, {
    variables: { id },
    // Show what the cache has at once, then the latest first page (which replaces older pages loaded before).
    fetchPolicy: "cache-and-network",
    notifyOnNetworkStatusChange: true,
  });
  const [olderError, setOlderError] = useState<unknown>(null);
  const contact = data?.contact;
  const loadingOlder = networkStatus === NetworkStatus.fetchMore;

  function loadOlder(after: string | null | undefined) {
    setOlderError(null);
    fetchMore({ variables: { after } }).catch(setOlderError);
  }

  return (
    <div className="contact-screen">
      <p className="back">
        <Link href="/">← Contacts</Link>
      </p>
      {!contact && error && (
        <p className="notice notice--error" role="alert">
          {hasErrorCode(error, "NOT_FOUND") ? "This contact does not exist in your account." : errorMessage(error)}
        </p>
      )}
      {!contact && !error && (
        <p className="page-status" role="status">
          Loading contact…
        </p>
      )}
      {contact && (
        <div className="contact-screen__grid">
          <div className="contact-screen__side">
            <ContactCard contact={contact} headingId={headingId} />
            <NoteForm contactId={contact.id} />
          </div>
          <section className="panel timeline" aria-labelledby={timelineId}>
            <h2 id={timelineId} className="panel__title">
              Timeline
            </h2>
            {contact.timeline.edges.length === 0 ? (
              <p className="empty">No calls, messages or notes yet.</p>
            ) : (
              <ol className="entries">
                {contact.timeline.edges.map(({ node }) => (
                  <TimelineEntry key={node.id} entry={node} />
                ))}
              </ol>
            )}
            {(olderError || error) && (
              <p className="notice notice--error" role="alert">
                {errorMessage(olderError || error)}
              </p>
            )}
            {contact.timeline.pageInfo.hasNextPage && (
              <div className="list-footer">
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={loadingOlder}
                  onClick={() => loadOlder(contact.timeline.pageInfo.endCursor)}
                >
                  {loadingOlder ? "Loading…" : "Load older"}
                </button>
              </div>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
