"use client";

import type { ReactNode } from "react";
import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { formatDuration, formatFullTimestamp, formatTimestamp, humanize, safeHttpUrl } from "@/lib/format";

/*
 * One fragment per kind of entry, each owned by the component that renders it. CallEntry aliases `direction` and
 * `status`: on SmsEntry the same names have other types (Direction! / SmsStatus!), which GraphQL refuses to merge.
 */

export const CallEntryFragment = graphql(`
  fragment CallEntry_entry on CallEntry {
    callDirection: direction
    callStatus: status
    duration
    agent {
      id
      name
    }
  }
`);

export const VoicemailEntryFragment = graphql(`
  fragment VoicemailEntry_entry on VoicemailEntry {
    duration
    record
  }
`);

export const NoteEntryFragment = graphql(`
  fragment NoteEntry_entry on NoteEntry {
    body
    agent {
      id
      name
    }
  }
`);

export const SmsEntryFragment = graphql(`
  fragment SmsEntry_entry on SmsEntry {
    body
    direction
    status
    errorMessage
    agent {
      id
      name
    }
    media {
      url
      contentType
    }
  }
`);

export const TimelineEntryFragment = graphql(`
  fragment TimelineEntry_entry on Entry {
    __typename
    id
    createdAt
    ...CallEntry_entry
    ...VoicemailEntry_entry
    ...NoteEntry_entry
    ...SmsEntry_entry
  }
`);

/** One item of a contact's timeline, drawn according to its kind. */
export function TimelineEntry(props: { entry: FragmentType<typeof TimelineEntryFragment> }) {
  const entry = getFragmentData(TimelineEntryFragment, props.entry);
  let kind: string;
  let body: ReactNode;
  switch (entry.__typename) {
    case "CallEntry":
      kind = "call";
      body = <CallEntryBody entry={entry} />;
      break;
    case "VoicemailEntry":
      kind = "voicemail";
      body = <VoicemailEntryBody entry={entry} />;
      break;
    case "NoteEntry":
      kind = "note";
      body = <NoteEntryBody entry={entry} />;
      break;
    case "SmsEntry":
      kind = "sms";
      body = <SmsEntryBody entry={entry} />;
      break;
    default:
      return null; // a kind this console does not know yet
  }
  return (
    <li className={`entry entry--${kind}`}>
      <span className="entry__icon" aria-hidden="true" />
      <div className="entry__content">
        {body}
        <time className="entry__time" dateTime={entry.createdAt} title={formatFullTimestamp(entry.createdAt)}>
          {formatTimestamp(entry.createdAt)}
        </time>
      </div>
    </li>
  );
}

function CallEntryBody(props: { entry: FragmentType<typeof CallEntryFragment> }) {
  const call = getFragmentData(CallEntryFragment, props.entry);
  const title = call.callDirection === "INBOUND" ? "Inbound call" : call.callDirection === "OUTBOUND" ? "Outbound call" : "Call";
  return (
    <>
      <p className="entry__title">{title}</p>
      <dl className="entry__facts">
        {call.callStatus && (
          <div>
            <dt>Status</dt>
            <dd>{humanize(call.callStatus)}</dd>
          </div>
        )}
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(call.duration)}</dd>
        </div>
        {call.agent && (
          <div>
            <dt>Agent</dt>
            <dd>{call.agent.name}</dd>
          </div>
        )}
      </dl>
    </>
  );
}

function VoicemailEntryBody(props: { entry: FragmentType<typeof VoicemailEntryFragment> }) {
  const voicemail = getFragmentData(VoicemailEntryFragment, props.entry);
  const src = safeHttpUrl(voicemail.record);
  return (
    <>
      <p className="entry__title">
        Voicemail <span className="entry__aside">{formatDuration(voicemail.duration)}</span>
      </p>
      {src ? (
        <audio className="entry__audio" controls preload="none" src={src}>
          <a href={src}>Download the recording</a>
        </audio>
      ) : (
        <p className="entry__aside">No recording.</p>
      )}
    </>
  );
}

function NoteEntryBody(props: { entry: FragmentType<typeof NoteEntryFragment> }) {
  const note = getFragmentData(NoteEntryFragment, props.entry);
  return (
    <>
      <p className="entry__title">
        Note{note.agent && <span className="entry__aside"> by {note.agent.name}</span>}
      </p>
      <p className="entry__text">{note.body}</p>
    </>
  );
}

function SmsEntryBody(props: { entry: FragmentType<typeof SmsEntryFragment> }) {
  const sms = getFragmentData(SmsEntryFragment, props.entry);
  const inbound = sms.direction === "INBOUND";
  return (
    <>
      <p className="entry__title">
        {inbound ? "SMS received" : "SMS sent"}
        {!inbound && sms.agent && <span className="entry__aside"> by {sms.agent.name}</span>}
      </p>
      <p className={`bubble ${inbound ? "bubble--in" : "bubble--out"}`}>{sms.body}</p>
      {sms.media.length > 0 && (
        <ul className="entry__media">
          {sms.media.map((m, i) => {
            const href = safeHttpUrl(m.url);
            return <li key={i}>{href ? <a href={href} target="_blank" rel="noreferrer noopener">{`Attachment ${i + 1} (${m.contentType})`}</a> : `Attachment ${i + 1}`}</li>;
          })}
        </ul>
      )}
      <p className={`entry__status${sms.status === "FAILED" || sms.status === "UNDELIVERED" ? " entry__status--bad" : ""}`}>
        {humanize(sms.status)}
        {sms.errorMessage ? ` — ${sms.errorMessage}` : ""}
      </p>
    </>
  );
}
