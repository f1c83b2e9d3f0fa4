import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { NoteIcon } from "@/ui/icons";
import { LinkifiedText } from "@/ui/linkified-text";
import { Timestamp } from "@/ui/timestamp";

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
    <li className="event event--note">
      <span className="event__icon" aria-hidden="true">
        <NoteIcon size={16} />
      </span>
      <div className="event__body">
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
      </div>
    </li>
  );
}
