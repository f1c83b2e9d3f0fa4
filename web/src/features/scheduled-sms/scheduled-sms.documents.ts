import { graphql } from "@/gql";

/** A scheduled SMS as the console shows it (the timeline's event, the list at its bottom). */
export const ScheduledSmsItemFragment = graphql(`
  fragment ScheduledSmsItem_entry on ScheduledSmsEntry {
    id
    createdAt
    body
    scheduledStatus: status
    scheduledFor
    scheduledSegments: segments
    cancelReason
    agent {
      id
      name
    }
    canceledBy {
      id
      name
    }
  }
`);

export const ScheduledSmsQuery = graphql(`
  query ScheduledSms($id: ID!) {
    contact(id: $id) {
      id
      localTimeZone
      scheduledSms {
        id
        ...ScheduledSmsItem_entry
      }
    }
  }
`);

export const ScheduleSmsMutation = graphql(`
  mutation ScheduleSms($input: ScheduleSmsInput!) {
    scheduleSms(input: $input) {
      id
      ...ScheduledSmsItem_entry
    }
  }
`);

export const RescheduleSmsMutation = graphql(`
  mutation RescheduleSms($id: ID!, $sendAt: DateTimeISO!) {
    rescheduleSms(entryId: $id, sendAt: $sendAt) {
      id
      ...ScheduledSmsItem_entry
    }
  }
`);

export const EditScheduledSmsMutation = graphql(`
  mutation EditScheduledSms($id: ID!, $body: String!) {
    editScheduledSms(entryId: $id, body: $body) {
      id
      ...ScheduledSmsItem_entry
    }
  }
`);

export const CancelScheduledSmsMutation = graphql(`
  mutation CancelScheduledSms($id: ID!) {
    cancelScheduledSms(entryId: $id) {
      id
      ...ScheduledSmsItem_entry
    }
  }
`);

/** After any change, the list at the timeline's bottom asks again (it is short: at most 50). */
export const REFETCH_SCHEDULED = ["ScheduledSms"];
