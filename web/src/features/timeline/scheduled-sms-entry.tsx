import { getFragmentData, type FragmentType } from "@/gql";
import { ScheduledSmsItemFragment } from "@/features/scheduled-sms/scheduled-sms.documents";
import { formatWhen } from "@/lib/format";
import { ClockIcon } from "@/ui/icons";
import { Timestamp } from "@/ui/timestamp";
import { EventItem } from "./event-item";

/**
 * What became of a message scheduled at this point of the timeline: sent at its time (the SMS itself is further down,
 * where it went) or canceled (by whom, or why). One still waiting is not drawn here: the list under the timeline
 * shows it, with its actions.
 */
export function ScheduledSmsEntryItem(props: { entry: FragmentType<typeof ScheduledSmsItemFragment> }) {
  const entry = getFragmentData(ScheduledSmsItemFragment, props.entry);
  if (entry.scheduledStatus === "SCHEDULED" || entry.scheduledStatus === "SENDING") return null;
  const who = entry.agent?.name ?? "An API key";
  const when = formatWhen(entry.scheduledFor);
  const text =
    entry.scheduledStatus === "SENT"
      ? `${who} scheduled an SMS for ${when}: sent.`
      : entry.canceledBy
        ? `${entry.canceledBy.name} canceled the SMS scheduled for ${when}.`
        : `The SMS scheduled for ${when} was not sent. ${entry.cancelReason?.replace(/^Not sent: /, "") ?? ""}`.trim();
  return (
    <EventItem icon={<ClockIcon size={14} />} className="event--system">
      <p className="event__title event__title--system">
        {text}
        <span className="event__aside"> · </span>
        <span className="event__aside">
          <Timestamp iso={entry.createdAt} />
        </span>
      </p>
      <p className="event__facts event__facts--quote">“{entry.body}”</p>
    </EventItem>
  );
}
