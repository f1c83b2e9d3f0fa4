import { useId, useRef } from "react";
import { Composer } from "@/features/composer/composer";
import { ScheduledSmsList } from "@/features/scheduled-sms/scheduled-sms-list";
import { Timeline } from "@/features/timeline/timeline";
import { displayName } from "@/lib/phone";
import { ErrorNotice } from "@/ui/error-notice";
import { ContactHeader } from "./contact-header";
import type { useContactTimeline } from "./use-contact-timeline";

type Loaded = ReturnType<typeof useContactTimeline>;

/** A loaded contact: who they are and the Call / SMS actions, their timeline, and the SMS composer under it. */
export function ContactDetails(props: {
  id: string;
  back: { href: string; label: string };
  contact: NonNullable<Loaded["contact"]>;
  timeline: NonNullable<Loaded["timeline"]>;
  error: unknown;
}) {
  const { contact } = props;
  const headingId = useId();
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const name = displayName(contact.name);
  return (
    <section className="contact-view" aria-labelledby={headingId}>
      <ContactHeader contact={contact} headingId={headingId} back={props.back} onSms={() => composerRef.current?.focus()} />
      <ErrorNotice error={props.error} className="notice notice--error contact-view__error" />
      <Timeline
        key={props.id}
        {...props.timeline}
        contactName={name}
        label={`Timeline with ${name}`}
        emptyText="No calls, messages or notes yet. Send the first SMS below."
      />
      <ScheduledSmsList contactId={contact.id} contactName={name} />
      <Composer contactId={contact.id} contactName={name} customerName={contact.name} optedOut={contact.smsOptedOut} inputRef={composerRef} />
    </section>
  );
}
