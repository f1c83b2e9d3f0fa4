"use client";

import { useApolloClient, useMutation } from "@apollo/client/react";
import Link from "next/link";
import { lazy, Suspense, useEffect, useId, useRef, useState } from "react";
import { CallButton } from "@/features/calls/call-button";
import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { placeContactInLists } from "@/features/inbox/inbox-cache";
import { AgentOptions, useTeam } from "@/features/inbox/team";
import { useViewerId } from "@/features/session/use-viewer-id";
import { CustomerClock } from "./customer-clock";
import { humanize } from "@/lib/format";
import { isTypingTarget } from "@/lib/keys";
import { displayName, formatPhoneNumber } from "@/lib/phone";
import { ErrorNotice } from "@/ui/error-notice";
import { Timestamp } from "@/ui/timestamp";
import { Avatar } from "@/ui/avatar";
import { WhenPicker } from "@/ui/when-picker";
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
    timeZone
    localTimeZone
    status
    snoozedUntil
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
  mutation SetConversationStatus($contactId: ID!, $status: ConversationStatus!, $snoozedUntil: DateTimeISO) {
    setConversationStatus(contactId: $contactId, status: $status, snoozedUntil: $snoozedUntil) {
      id
      ...ContactHeader_contact
      ...ConversationRow_contact
    }
  }
`);

/** When "Snooze" brings the conversation back, in the agent's own time zone (the browser's). */
function snoozeChoices(now = new Date()): { label: string; until: Date }[] {
  const at = (days: number, hour: number) => {
    const d = new Date(now);
    d.setDate(d.getDate() + days);
    d.setHours(hour, 0, 0, 0);
    return d;
  };
  const daysToMonday = (8 - now.getDay()) % 7 || 7;
  return [
    { label: "In 1 hour", until: new Date(now.getTime() + 60 * 60 * 1000) },
    { label: "Tomorrow 9:00", until: at(1, 9) },
    { label: "Next week (Monday 9:00)", until: at(daysToMonday, 9) },
  ];
}

/** Who owns the conversation and whether it is done: assign it to yourself, resolve it, reopen it, snooze it. Keys: `e` resolves, `a` assigns to me. */
function ConversationControls({
  contactId,
  status,
  snoozedUntil,
  assignee,
}: {
  contactId: string;
  status: string;
  snoozedUntil: string | null;
  assignee: { id: string; name: string } | null;
}) {
  const viewerId = useViewerId();
  const client = useApolloClient();
  const done = () => placeContactInLists(client.cache, contactId, viewerId);
  const [assign, assigning] = useMutation(AssignConversationMutation, { onCompleted: done });
  const [setStatus, setting] = useMutation(SetConversationStatusMutation, { onCompleted: done });
  const resolved = status === "RESOLVED" || status === "SNOOZED";
  const mine = assignee !== null && assignee.id === viewerId;
  const team = useTeam();
  const [pickingDate, setPickingDate] = useState(false);
  const snooze = (until: Date) => void setStatus({ variables: { contactId, status: "SNOOZED", snoozedUntil: until.toISOString() } });
  const keys = useRef({ resolve: () => {}, assign: () => {} });
  keys.current = {
    resolve: () => !resolved && !setting.loading && void setStatus({ variables: { contactId, status: "RESOLVED" } }),
    assign: () => !mine && viewerId && !assigning.loading && void assign({ variables: { contactId, agentId: viewerId } }),
  };
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      if (event.key === "e") keys.current.resolve();
      if (event.key === "a") keys.current.assign();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <div className="conversation-controls">
      <span className="conversation-controls__owner">
        {assignee ? (mine ? "Assigned to you" : `Assigned to ${assignee.name}`) : "Unassigned"}
        {status !== "OPEN" && ` · ${humanize(status)}`}
        {status === "SNOOZED" && snoozedUntil && (
          <>
            {" until "}
            <Timestamp iso={snoozedUntil} />
          </>
        )}
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
      {team.length > 1 && (
        <select
          className="select select--quiet"
          aria-label="Assignee"
          value={assignee?.id ?? ""}
          disabled={assigning.loading}
          onChange={(event) => void assign({ variables: { contactId, agentId: event.target.value || null } })}
        >
          <option value="">Unassigned</option>
          <AgentOptions team={team} viewerId={viewerId} />
        </select>
      )}
      <button
        type="button"
        className="button button--quiet"
        disabled={setting.loading}
        onClick={() => void setStatus({ variables: { contactId, status: resolved ? "OPEN" : "RESOLVED" } })}
      >
        {resolved ? "Reopen" : "Resolve"}
      </button>
      <select
        className="select select--quiet"
        aria-label="Snooze"
        value=""
        disabled={setting.loading}
        onChange={(event) => {
          if (event.target.value === "date") return setPickingDate(true);
          const choice = snoozeChoices()[Number(event.target.value)];
          if (choice) snooze(choice.until);
        }}
      >
        <option value="">Snooze…</option>
        {snoozeChoices().map((choice, i) => (
          <option key={choice.label} value={i}>
            {choice.label}
          </option>
        ))}
        <option value="date">A date and time…</option>
      </select>
      {pickingDate && (
        <WhenPicker
          label="Snooze until"
          submitLabel="Snooze"
          initial={snoozeChoices()[1].until}
          busy={setting.loading}
          onPick={(until) => {
            setPickingDate(false);
            snooze(until);
          }}
          onCancel={() => setPickingDate(false)}
        />
      )}
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
            <CustomerClock contactId={contact.id} timeZone={contact.timeZone ?? null} localTimeZone={contact.localTimeZone ?? null} />
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
      <ConversationControls
        contactId={contact.id}
        status={contact.status}
        snoozedUntil={contact.snoozedUntil ?? null}
        assignee={contact.assignee ?? null}
      />
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
