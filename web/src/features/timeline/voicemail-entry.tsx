import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { formatDuration, safeHttpUrl } from "@/lib/format";
import { VoicemailIcon } from "@/ui/icons";
import { Timestamp } from "@/ui/timestamp";
import { EventItem } from "./event-item";

export const VoicemailEntryItemFragment = graphql(`
  fragment VoicemailEntryItem_entry on VoicemailEntry {
    id
    createdAt
    duration
    record
  }
`);

/** A voicemail on the timeline, with a player for its recording. */
export function VoicemailEntryItem(props: { entry: FragmentType<typeof VoicemailEntryItemFragment>; contactName: string }) {
  const voicemail = getFragmentData(VoicemailEntryItemFragment, props.entry);
  const src = safeHttpUrl(voicemail.record);
  return (
    <EventItem icon={<VoicemailIcon size={16} />} className="event--voicemail">
      <p className="event__title">Voicemail from {props.contactName}</p>
      <p className="event__facts">
        <span>{formatDuration(voicemail.duration)}</span>
        <span> · </span>
        <Timestamp iso={voicemail.createdAt} />
      </p>
      {src ? (
        <audio className="event__audio" controls preload="none" src={src} aria-label={`Voicemail from ${props.contactName}`}>
          <a href={src}>Download the recording</a>
        </audio>
      ) : (
        <p className="event__aside">No recording.</p>
      )}
    </EventItem>
  );
}
