"use client";

import { useId, useRef } from "react";
import { hasErrorCode } from "@/apollo/errors";
import { Composer } from "@/features/composer/composer";
import { Timeline } from "@/features/timeline/timeline";
import { displayName } from "@/lib/phone";
import { ContactHeader } from "./contact-header";
import { useContactTimeline } from "./use-contact-timeline";
import { ErrorNotice } from "@/ui/error-notice";

/**
 * A contact: who they are and the Call / SMS actions, above ONE timeline of every call, voicemail, note and SMS,
 * newest at the bottom, live, with the SMS composer under it.
 */
export function ContactView({ id, back }: { id: string; back: { href: string; label: string } }) {
  const headingId = useId();
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const { contact, error, timeline } = useContactTimeline(id);

  if (!contact || !timeline) {
    return (
      <section className="contact-view contact-view--status">
        {error ? (
          <ErrorNotice error={error}>{hasErrorCode(error, "NOT_FOUND") ? "This contact does not exist in your account." : undefined}</ErrorNotice>
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
      <ErrorNotice error={error} className="notice notice--error contact-view__error" />
      <Timeline
        key={id}
        {...timeline}
        contactName={name}
        label={`Timeline with ${name}`}
        emptyText="No calls, messages or notes yet. Send the first SMS below."
      />
      <Composer contactId={contact.id} contactName={name} optedOut={contact.smsOptedOut} inputRef={composerRef} />
    </section>
  );
}
