import { getFragmentData, graphql, type FragmentType } from "@/gql";
import type { CallStatus } from "@/gql/graphql";
import { formatDuration, humanize } from "@/lib/format";
import { PhoneIcon } from "@/ui/icons";
import { Timestamp } from "@/ui/timestamp";
import { EventItem } from "./event-item";

/* `direction` and `status` are aliased: on SmsEntry the same names have other types, which GraphQL refuses to merge. */
export const CallEntryItemFragment = graphql(`
  fragment CallEntryItem_entry on CallEntry {
    id
    createdAt
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

const CALL_LIVE: Partial<Record<CallStatus, string>> = {
  QUEUED: "Calling…",
  INITIATED: "Calling…",
  RINGING: "Ringing…",
  IN_PROGRESS: "In progress",
};

/** A call on the timeline: which way, who, how it went (live while it rings and lasts), how long. */
export function CallEntryItem(props: { entry: FragmentType<typeof CallEntryItemFragment>; contactName: string }) {
  const call = getFragmentData(CallEntryItemFragment, props.entry);
  const title =
    call.callDirection === "INBOUND" ? `Call from ${props.contactName}` : call.callDirection === "OUTBOUND" ? `Call to ${props.contactName}` : "Call";
  const live = call.callStatus ? CALL_LIVE[call.callStatus] : undefined;
  const unanswered = call.callStatus === "NO_ANSWER" || call.callStatus === "BUSY" || call.callStatus === "FAILED" || call.callStatus === "CANCELED";
  return (
    <EventItem
      icon={<PhoneIcon size={16} />}
      className={`event--call${live ? " event--live" : ""}${unanswered ? " event--missed" : ""}`}
      data-call-status={call.callStatus ?? ""}
    >
      <p className="event__title">
        {title}
        {call.agent && <span className="event__aside"> · {call.agent.name}</span>}
      </p>
      <p className="event__facts">
        <span className="event__status">{live ?? (humanize(call.callStatus) || "Unknown")}</span>
        {!live && call.duration !== null && <span> · {formatDuration(call.duration)}</span>}
        <span> · </span>
        <Timestamp iso={call.createdAt} />
      </p>
      {call.errorMessage && <p className="event__error">{call.errorMessage}</p>}
    </EventItem>
  );
}
