import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { CallEntryItem } from "./call-entry";
import { ConversationEventItem } from "./conversation-event-entry";
import { NoteEntryItem } from "./note-entry";
import { ScheduledSmsEntryItem } from "./scheduled-sms-entry";
import { SmsEntryItem } from "./sms-entry";
import { VoicemailEntryItem } from "./voicemail-entry";

/** Any entry of a timeline: each kind's fields come from the fragment of the component that draws it. */
export const TimelineEntryFragment = graphql(`
  fragment TimelineEntry_entry on Entry {
    __typename
    id
    createdAt
    ...CallEntryItem_entry
    ...VoicemailEntryItem_entry
    ...NoteEntryItem_entry
    ...SmsEntryItem_entry
    ...ConversationEventItem_entry
    ...ScheduledSmsItem_entry
  }
`);

/** One item of a contact's timeline, drawn according to its kind: SMS as chat bubbles, the rest as events. */
export function TimelineEntry(props: { entry: FragmentType<typeof TimelineEntryFragment>; contactName: string }) {
  const entry = getFragmentData(TimelineEntryFragment, props.entry);
  switch (entry.__typename) {
    case "SmsEntry":
      return <SmsEntryItem entry={entry} contactName={props.contactName} />;
    case "CallEntry":
      return <CallEntryItem entry={entry} contactName={props.contactName} />;
    case "VoicemailEntry":
      return <VoicemailEntryItem entry={entry} contactName={props.contactName} />;
    case "NoteEntry":
      return <NoteEntryItem entry={entry} />;
    case "ConversationEventEntry":
      return <ConversationEventItem entry={entry} />;
    case "ScheduledSmsEntry":
      return <ScheduledSmsEntryItem entry={entry} />;
    default:
      return null; // a kind this console does not know yet
  }
}
