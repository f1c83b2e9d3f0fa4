import { useMutation } from "@apollo/client/react";
import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { humanize, safeHttpUrl } from "@/lib/format";
import { isTempId } from "@/lib/ids";
import { RetryIcon } from "@/ui/icons";
import { LinkifiedText } from "@/ui/linkified-text";
import { Timestamp } from "@/ui/timestamp";
import { ErrorNotice } from "@/ui/error-notice";

/*
 * Every copy of a message the console receives (a query, `sendSms`, `retrySms`, `timelineUpdated`) selects this
 * fragment, so each carries `statusUpdatedAt`: the cache keeps the copy whose status changed last (apollo/cache.ts).
 */
export const SmsEntryItemFragment = graphql(`
  fragment SmsEntryItem_entry on SmsEntry {
    id
    createdAt
    body
    direction
    status
    statusUpdatedAt
    canRetry
    dismissedAt
    dismissedBy {
      id
      name
    }
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
    quietHoursOverride {
      reason
      localTime
    }
  }
`);

const RetrySmsMutation = graphql(`
  mutation RetrySms($entryId: ID!) {
    retrySms(entryId: $entryId) {
      id
      ...SmsEntryItem_entry
    }
  }
`);

const DismissSmsMutation = graphql(`
  mutation DismissSms($entryId: ID!) {
    dismissSms(entryId: $entryId) {
      id
      ...SmsEntryItem_entry
    }
  }
`);

/** How a message's status reads (presentation only: which messages can be retried is the API's `canRetry`). */
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

/** An SMS as a chat bubble: inbound on the left, outbound on the right with its status, and Retry when it failed. */
export function SmsEntryItem(props: { entry: FragmentType<typeof SmsEntryItemFragment>; contactName: string }) {
  const sms = getFragmentData(SmsEntryItemFragment, props.entry);
  const inbound = sms.direction === "INBOUND";
  // What retrySms accepts (an outbound message that failed, was undelivered or canceled) is what shows as failed,
  // and so does such a message an agent dismissed (no longer retryable).
  const failed = sms.canRetry || !!sms.dismissedAt;
  const pending = isTempId(sms.id);
  const mark = failed ? "! " : sms.status === "DELIVERED" || sms.status === "READ" ? "✓✓ " : sms.status === "SENT" ? "✓ " : "◷ ";
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
        <Timestamp iso={sms.createdAt} />
        {!inbound && (
          <>
            {sms.agent && <span> · {sms.agent.name}</span>}
            {sms.segments && sms.segments > 1 ? <span> · {sms.segments} segments</span> : null}
            <span className={`msg__status msg__status--${failed ? "bad" : sms.status === "DELIVERED" ? "ok" : "pending"}`}>
              {" · "}
              <span aria-hidden="true">{mark}</span>
              {SMS_STATUS_LABEL[sms.status] ?? humanize(sms.status)}
            </span>
          </>
        )}
        {!inbound && sms.retryCount > 0 && <span> · {sms.retryCount === 1 ? "retried once" : `retried ${sms.retryCount} times`}</span>}
      </p>
      {sms.quietHoursOverride && (
        <p className="msg__meta msg__meta--note">
          Sent at {sms.quietHoursOverride.localTime} their time, within quiet hours: “{sms.quietHoursOverride.reason}”
        </p>
      )}
      {failed && !pending && (
        <FailedSms
          id={sms.id}
          reason={sms.errorMessage}
          code={sms.errorCode}
          dismissed={sms.dismissedAt ? { at: sms.dismissedAt, by: sms.dismissedBy?.name ?? null } : null}
        />
      )}
    </li>
  );
}

/**
 * Why a message did not reach the customer, and what the agent can do: send it again (the API sends a retry once) or
 * dismiss it (settled, not to be sent again). A dismissed one says by whom and when.
 */
function FailedSms(props: { id: string; reason: string | null; code: number | null; dismissed: { at: string; by: string | null } | null }) {
  const variables = { entryId: props.id };
  const [retry, retrying] = useMutation(RetrySmsMutation, { variables });
  const [dismiss, dismissing] = useMutation(DismissSmsMutation, { variables });
  const busy = retrying.loading || dismissing.loading;
  return (
    <div className="msg__failure">
      <p>
        {props.reason ?? "The message could not be delivered."}
        {props.code ? <span className="msg__code"> (error {props.code})</span> : null}
      </p>
      {props.dismissed ? (
        <p className="msg__dismissed">
          Dismissed{props.dismissed.by ? ` by ${props.dismissed.by}` : ""} <Timestamp iso={props.dismissed.at} />
        </p>
      ) : (
        <>
          <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => retry().catch(() => {})}>
            <RetryIcon size={14} />
            {retrying.loading ? "Retrying…" : "Retry"}
          </button>
          <button
            type="button"
            className="button button--small button--quiet"
            disabled={busy}
            title="Do not send this message again"
            onClick={() => dismiss().catch(() => {})}
          >
            {dismissing.loading ? "Dismissing…" : "Dismiss"}
          </button>
        </>
      )}
      <ErrorNotice error={retrying.error ?? dismissing.error} className="msg__retry-error" />
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
