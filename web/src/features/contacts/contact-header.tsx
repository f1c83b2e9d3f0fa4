"use client";

import { useApolloClient, useMutation } from "@apollo/client/react";
import Link from "next/link";
import { lazy, Suspense, useId, useState } from "react";
import { CallButton } from "@/features/calls/call-button";
import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { placeContactInLists } from "@/features/inbox/inbox-cache";
import { useViewerId } from "@/features/session/use-viewer-id";
import { humanize } from "@/lib/format";
import { displayName, formatPhoneNumber } from "@/lib/phone";
import { ErrorNotice } from "@/ui/error-notice";
import { Avatar } from "@/ui/avatar";
import { BackIcon, MessageIcon, NoteIcon } from "@/ui/icons";

// Loaded when the agent opens it: most visits to a contact write no note.
const NoteForm = lazy(() => import("@/features/timeline/note-form").then((m) => ({ default: m.NoteForm })));

export const ContactHeaderFragment = graphql(`
  fragment ContactHeader_contact on Contact {
    id
    name
    phoneNumbers
    email
    company
    smsOptedOut
    status
    assignee {
      id
      name
    }
  }
`);

const AssignConversationMutation = graphql(`
  mutation AssignConversation($contactId: ID!, $agentId: ID) {
    assignConversation(contactId: $contactId, agentId: $agentId) {
      id
      ...ContactHeader_contact
      ...ConversationRow_contact
    }
  }
`);

const SetConversationStatusMutation = graphql(`
  mutation SetConversationStatus($contactId: ID!, $status: ConversationStatus!) {
    setConversationStatus(contactId: $contactId, status: $status) {
      id
      ...ContactHeader_contact
      ...ConversationRow_contact
    }
  }
`);

/** Who owns the conversation and whether it is done: assign it to yourself, resolve it, reopen it. */
function ConversationControls({ contactId, status, assignee }: { contactId: string; status: string; assignee: { id: string; name: string } | null }) {
  const viewerId = useViewerId();
  const client = useApolloClient();
  const done = () => placeContactInLists(client.cache, contactId, viewerId);
  const [assign, assigning] = useMutation(AssignConversationMutation, { onCompleted: done });
  const [setStatus, setting] = useMutation(SetConversationStatusMutation, { onCompleted: done });
  const resolved = status === "RESOLVED";
  const mine = assignee !== null && assignee.id === viewerId;
  return (
    <div className="conversation-controls">
      <span className="conversation-controls__owner">
        {assignee ? (mine ? "Assigned to you" : `Assigned to ${assignee.name}`) : "Unassigned"}
        {status !== "OPEN" && ` · ${humanize(status)}`}
      </span>
      {!mine && viewerId && (
        <button
          type="button"
          className="button button--quiet"
          disabled={assigning.loading}
          onClick={() => void assign({ variables: { contactId, agentId: viewerId } })}
        >
          Assign to me
        </button>
      )}
      <button
        type="button"
        className="button button--quiet"
        disabled={setting.loading}
        onClick={() => void setStatus({ variables: { contactId, status: resolved ? "OPEN" : "RESOLVED" } })}
      >
        {resolved ? "Reopen" : "Resolve"}
      </button>
      <ErrorNotice error={assigning.error ?? setting.error} />
    </div>
  );
}

/** Who the contact is (name, numbers, opt-out state) and what the agent can do: call, text, write a note. */
export function ContactHeader(props: {
  contact: FragmentType<typeof ContactHeaderFragment>;
  headingId: string;
  back: { href: string; label: string };
  onSms: () => void;
}) {
  const contact = getFragmentData(ContactHeaderFragment, props.contact);
  const [noteOpen, setNoteOpen] = useState(false);
  const noteId = useId();
  const [main, ...others] = contact.phoneNumbers;
  const name = displayName(contact.name);
  const namedByNumber = name !== contact.name;
  return (
    <header className="contact-header">
      <div className="contact-header__row">
        <Link href={props.back.href} className="contact-header__back">
          <BackIcon size={18} />
          <span className="contact-header__back-label">{props.back.label}</span>
        </Link>
        <Avatar name={contact.name} large />
        <div className="contact-header__who">
          <h1 id={props.headingId} className="contact-header__name">
            {name}
          </h1>
          <p className="contact-header__details">
            {main ? (
              !namedByNumber && (
                <a href={`tel:${main}`} className="contact-header__number">
                  {formatPhoneNumber(main)}
                </a>
              )
            ) : (
              <span className="muted">No phone number</span>
            )}
            {others.map((n) => (
              <a key={n} href={`tel:${n}`} className="contact-header__number contact-header__number--other">
                {formatPhoneNumber(n)}
              </a>
            ))}
            {contact.company && <span className="contact-header__extra">{contact.company}</span>}
            {contact.email && (
              <a href={`mailto:${contact.email}`} className="contact-header__extra">
                {contact.email}
              </a>
            )}
            {contact.smsOptedOut ? <span className="chip chip--warning">Opted out of SMS</span> : <span className="chip chip--ok">SMS allowed</span>}
          </p>
        </div>
        <div className="contact-header__actions">
          <CallButton contactId={contact.id} contactName={name} hasNumber={Boolean(main)} />
          <button
            type="button"
            className="button button--secondary"
            onClick={props.onSms}
            disabled={contact.smsOptedOut}
            title={contact.smsOptedOut ? `${name} replied STOP` : undefined}
          >
            <MessageIcon size={16} />
            SMS
          </button>
          <button
            type="button"
            className="button button--quiet"
            aria-expanded={noteOpen}
            aria-controls={noteId}
            onClick={() => setNoteOpen((o) => !o)}
          >
            <NoteIcon size={16} />
            Note
          </button>
        </div>
      </div>
      <ConversationControls contactId={contact.id} status={contact.status} assignee={contact.assignee ?? null} />
      {noteOpen && (
        <div id={noteId} className="contact-header__note">
          <Suspense fallback={null}>
            <NoteForm contactId={contact.id} onDone={() => setNoteOpen(false)} />
          </Suspense>
        </div>
      )}
    </header>
  );
}
