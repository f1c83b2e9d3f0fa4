import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { NoteIcon } from "@/ui/icons";
import { LinkifiedText } from "@/ui/linkified-text";
import { Timestamp } from "@/ui/timestamp";
import { EventItem } from "./event-item";

export const NoteEntryItemFragment = graphql(`
  fragment NoteEntryItem_entry on NoteEntry {
    id
    createdAt
    body
    agent {
      id
      name
    }
  }
`);

/** An agent's note on the timeline. */
export function NoteEntryItem(props: { entry: FragmentType<typeof NoteEntryItemFragment> }) {
  const note = getFragmentData(NoteEntryItemFragment, props.entry);
  return (
    <EventItem icon={<NoteIcon size={16} />} className="event--note">
      <p className="event__title">
        Note{note.agent && <span className="event__aside"> by {note.agent.name}</span>}
        <span className="event__aside"> · </span>
        <span className="event__aside">
          <Timestamp iso={note.createdAt} />
        </span>
      </p>
      <p className="event__text">
        <LinkifiedText text={note.body} />
      </p>
    </EventItem>
  );
}
