"use client";

import { useMutation } from "@apollo/client/react";
import { getFragmentData, graphql, type FragmentType } from "@/gql";
import type { CallStatus } from "@/gql/graphql";
import { errorMessage } from "@/lib/errors";
import { formatDuration, formatFullTimestamp, formatTimestamp, humanize, safeHttpUrl } from "@/lib/format";
import { isTempId } from "@/lib/ids";
import { NoteIcon, PhoneIcon, RetryIcon, VoicemailIcon } from "./icons";
import { LinkifiedText } from "./linkified-text";

/*
 * One fragment per kind of entry, each owned by the component that renders it. CallEntry aliases `direction` and
 * `status`: on SmsEntry the same names have other types (Direction! / SmsStatus!), which GraphQL refuses to merge.
 */

export const CallEntryFragment = graphql(`
  fragment CallEntry_entry on CallEntry {
    callDirection: direction
    callStatus: status
    duration
    errorMessage
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
    id
    body
    direction
    status
    errorCode
    errorMessage
    retryCount
    segments
    encoding
    talkdeskPhoneNumber
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

const RetrySmsMutation = graphql(`
  mutation RetrySms($entryId: ID!) {
    retrySms(entryId: $entryId) {
      id
      status
      retryCount
      errorCode
      errorMessage
    }
  }
`);

/** One item of a contact's timeline, drawn according to its kind: SMS as chat bubbles, the rest as events. */
export function TimelineEntry(props: { entry: FragmentType<typeof TimelineEntryFragment>; contactName: string }) {
  const entry = getFragmentData(TimelineEntryFragment, props.entry);
  switch (entry.__typename) {
    case "SmsEntry":
      return <SmsItem entry={entry} createdAt={entry.createdAt} contactName={props.contactName} />;
    case "CallEntry":
      return <CallItem entry={entry} createdAt={entry.createdAt} contactName={props.contactName} />;
    case "VoicemailEntry":
      return <VoicemailItem entry={entry} createdAt={entry.createdAt} contactName={props.contactName} />;
    case "NoteEntry":
      return <NoteItem entry={entry} createdAt={entry.createdAt} />;
    default:
      return null; // a kind this console does not know yet
  }
}

function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatFullTimestamp(iso)}>
      {formatTimestamp(iso)}
    </time>
  );
}

const SMS_STATUS_LABEL: Record<string, string> = {
  ACCEPTED: "Queued",
  SCHEDULED: "Scheduled",
  QUEUED: "Queued",
  SENDING: "Sending",
  SENT: "Sent",
  DELIVERED: "Delivered",
  READ: "Read",
  UNDELIVERED: "Not delivered",
  FAILED: "Failed",
  CANCELED: "Canceled",
  PARTIALLY_DELIVERED: "Partly delivered",
};
const FAILED = new Set(["FAILED", "UNDELIVERED"]);

function SmsItem(props: { entry: FragmentType<typeof SmsEntryFragment>; createdAt: string; contactName: string }) {
  const sms = getFragmentData(SmsEntryFragment, props.entry);
  const inbound = sms.direction === "INBOUND";
  const failed = !inbound && FAILED.has(sms.status);
  const pending = isTempId(sms.id);
  return (
    <li className={`msg msg--${inbound ? "in" : "out"}${failed ? " msg--failed" : ""}`} data-entry-id={sms.id} data-status={sms.status}>
      <div className="msg__bubble">
        <span className="visually-hidden">{inbound ? `${props.contactName} wrote: ` : `${sms.agent?.name ?? "You"} sent: `}</span>
        {sms.body && (
          <p className="msg__text">
            <LinkifiedText text={sms.body} />
          </p>
        )}
        {sms.media.length > 0 && <Media media={sms.media} />}
      </div>
      <p className="msg__meta">
        <Time iso={props.createdAt} />
        {!inbound && (
          <>
            {sms.agent && <span> · {sms.agent.name}</span>}
            {sms.segments && sms.segments > 1 ? <span> · {sms.segments} segments</span> : null}
            <span className={`msg__status msg__status--${failed ? "bad" : sms.status === "DELIVERED" ? "ok" : "pending"}`}>
              {" · "}
              <StatusMark status={sms.status} />
              {SMS_STATUS_LABEL[sms.status] ?? humanize(sms.status)}
            </span>
          </>
        )}
        {!inbound && sms.retryCount > 0 && <span> · {sms.retryCount === 1 ? "retried once" : `retried ${sms.retryCount} times`}</span>}
      </p>
      {failed && !pending && <FailedSms id={sms.id} reason={sms.errorMessage} code={sms.errorCode} />}
    </li>
  );
}

function StatusMark({ status }: { status: string }) {
  const mark = status === "DELIVERED" || status === "READ" ? "✓✓ " : status === "SENT" ? "✓ " : FAILED.has(status) ? "! " : "◷ ";
  return <span aria-hidden="true">{mark}</span>;
}

/** Why a message did not reach the customer, and a way to send it again (the API sends a retry once). */
function FailedSms({ id, reason, code }: { id: string; reason: string | null; code: number | null }) {
  const [retry, { loading, error }] = useMutation(RetrySmsMutation, { variables: { entryId: id } });
  return (
    <div className="msg__failure">
      <p>
        {reason ?? "The message could not be delivered."}
        {code ? <span className="msg__code"> (error {code})</span> : null}
      </p>
      <button type="button" className="button button--small button--danger" disabled={loading} onClick={() => retry().catch(() => {})}>
        <RetryIcon size={14} />
        {loading ? "Retrying…" : "Retry"}
      </button>
      {error && (
        <p className="msg__retry-error" role="alert">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
}

function Media({ media }: { media: readonly { url: string; contentType: string }[] }) {
  return (
    <ul className="msg__media">
      {media.map((m, i) => {
        const href = safeHttpUrl(m.url);
        const label = `Attachment ${i + 1} (${m.contentType})`;
        if (!href) return <li key={i}>{label}</li>;
        if (m.contentType.startsWith("image/")) {
          return (
            <li key={i}>
              <a href={href} target="_blank" rel="noopener noreferrer" className="msg__thumb">
                {/* eslint-disable-next-line @next/next/no-img-element -- media lives on Twilio's hosts, not ours */}
                <img src={href} alt={`Picture ${i + 1} of the message (open full size)`} />
              </a>
            </li>
          );
        }
        return (
          <li key={i}>
            <a href={href} target="_blank" rel="noopener noreferrer">
              {label}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

const CALL_LIVE: Partial<Record<CallStatus, string>> = {
  QUEUED: "Calling…",
  INITIATED: "Calling…",
  RINGING: "Ringing…",
  IN_PROGRESS: "In progress",
};

function CallItem(props: { entry: FragmentType<typeof CallEntryFragment>; createdAt: string; contactName: string }) {
  const call = getFragmentData(CallEntryFragment, props.entry);
  const title =
    call.callDirection === "INBOUND" ? `Call from ${props.contactName}` : call.callDirection === "OUTBOUND" ? `Call to ${props.contactName}` : "Call";
  const live = call.callStatus ? CALL_LIVE[call.callStatus] : undefined;
  const unanswered = call.callStatus === "NO_ANSWER" || call.callStatus === "BUSY" || call.callStatus === "FAILED" || call.callStatus === "CANCELED";
  return (
    <li className={`event event--call${live ? " event--live" : ""}${unanswered ? " event--missed" : ""}`} data-call-status={call.callStatus ?? ""}>
      <span className="event__icon" aria-hidden="true">
        <PhoneIcon size={16} />
      </span>
      <div className="event__body">
        <p className="event__title">
          {title}
          {call.agent && <span className="event__aside"> · {call.agent.name}</span>}
        </p>
        <p className="event__facts">
          <span className="event__status">{live ?? (humanize(call.callStatus) || "Unknown")}</span>
          {!live && call.duration !== null && <span> · {formatDuration(call.duration)}</span>}
          <span> · </span>
          <Time iso={props.createdAt} />
        </p>
        {call.errorMessage && <p className="event__error">{call.errorMessage}</p>}
      </div>
    </li>
  );
}

function VoicemailItem(props: { entry: FragmentType<typeof VoicemailEntryFragment>; createdAt: string; contactName: string }) {
  const voicemail = getFragmentData(VoicemailEntryFragment, props.entry);
  const src = safeHttpUrl(voicemail.record);
  return (
    <li className="event event--voicemail">
      <span className="event__icon" aria-hidden="true">
        <VoicemailIcon size={16} />
      </span>
      <div className="event__body">
        <p className="event__title">Voicemail from {props.contactName}</p>
        <p className="event__facts">
          <span>{formatDuration(voicemail.duration)}</span>
          <span> · </span>
          <Time iso={props.createdAt} />
        </p>
        {src ? (
          <audio className="event__audio" controls preload="none" src={src} aria-label={`Voicemail from ${props.contactName}`}>
            <a href={src}>Download the recording</a>
          </audio>
        ) : (
          <p className="event__aside">No recording.</p>
        )}
      </div>
    </li>
  );
}

function NoteItem(props: { entry: FragmentType<typeof NoteEntryFragment>; createdAt: string }) {
  const note = getFragmentData(NoteEntryFragment, props.entry);
  return (
    <li className="event event--note">
      <span className="event__icon" aria-hidden="true">
        <NoteIcon size={16} />
      </span>
      <div className="event__body">
        <p className="event__title">
          Note{note.agent && <span className="event__aside"> by {note.agent.name}</span>}
          <span className="event__aside"> · </span>
          <span className="event__aside">
            <Time iso={props.createdAt} />
          </span>
        </p>
        <p className="event__text">
          <LinkifiedText text={note.body} />
        </p>
      </div>
    </li>
  );
}
