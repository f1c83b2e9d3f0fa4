import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { Timestamp } from "@/ui/timestamp";
import { EventItem } from "./event-item";

export const ConversationEventItemFragment = graphql(`
  fragment ConversationEventItem_entry on ConversationEventEntry {
    id
    createdAt
    kind
    text
  }
`);

/** A change of the conversation's owner or status ("Ana assigned this to Ben", "Reopened by the customer's message"). */
export function ConversationEventItem(props: { entry: FragmentType<typeof ConversationEventItemFragment> }) {
  const event = getFragmentData(ConversationEventItemFragment, props.entry);
  return (
    <EventItem icon={<span aria-hidden="true">•</span>} className="event--system">
      <p className="event__title event__title--system">
        {event.text}
        <span className="event__aside"> · </span>
        <span className="event__aside">
          <Timestamp iso={event.createdAt} />
        </span>
      </p>
    </EventItem>
  );
}
