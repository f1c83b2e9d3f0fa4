"use client";

import { lazy, Suspense, type ReactNode } from "react";
import { hasErrorCode } from "@/apollo/errors";
import { ErrorNotice } from "@/ui/error-notice";
import { useContactTimeline } from "./use-contact-timeline";

/*
 * What draws a loaded contact (header, timeline, composer) is needed only once the contact's query has answered: it is
 * fetched alongside the query, from the moment this module runs, rather than before the page can hydrate.
 */
const loadDetails = () => import("./contact-details");
if (typeof window !== "undefined") void loadDetails();
const ContactDetails = lazy(() => loadDetails().then((m) => ({ default: m.ContactDetails })));

/**
 * A contact: who they are and the Call / SMS actions, above ONE timeline of every call, voicemail, note and SMS,
 * newest at the bottom, live, with the SMS composer under it.
 */
export function ContactView({ id, back }: { id: string; back: { href: string; label: string } }) {
  const { contact, error, timeline } = useContactTimeline(id);
  const loading = <Status>Loading contact…</Status>;
  if (!contact || !timeline) {
    return error ? (
      <section className="contact-view contact-view--status">
        <ErrorNotice error={error}>{hasErrorCode(error, "NOT_FOUND") ? "This contact does not exist in your account." : undefined}</ErrorNotice>
      </section>
    ) : (
      loading
    );
  }
  return (
    <Suspense fallback={loading}>
      <ContactDetails id={id} back={back} contact={contact} timeline={timeline} error={error} />
    </Suspense>
  );
}

function Status({ children }: { children: ReactNode }) {
  return (
    <section className="contact-view contact-view--status">
      <p className="page-status" role="status">
        {children}
      </p>
    </section>
  );
}
