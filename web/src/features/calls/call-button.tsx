"use client";

import { useMutation } from "@apollo/client/react";
import { addEntryToTimelines } from "@/features/timeline/timeline-cache";
import { graphql } from "@/gql";
import { PhoneIcon } from "@/ui/icons";
import { ErrorNotice } from "@/ui/error-notice";

const StartCallMutation = graphql(`
  mutation StartCall($contactId: ID!) {
    startCall(contactId: $contactId) {
      id
      ...CallEntryItem_entry
    }
  }
`);

/**
 * Click-to-call: Twilio rings the agent's own phone, then connects the customer. The call joins the timeline at once;
 * its progress (ringing, in progress, completed or unanswered, with the duration) arrives live on `timelineUpdated`.
 */
export function CallButton({ contactId, contactName, hasNumber }: { contactId: string; contactName: string; hasNumber: boolean }) {
  const [startCall, { loading, error, reset }] = useMutation(StartCallMutation, {
    variables: { contactId },
    update(cache, { data }) {
      if (data) addEntryToTimelines(cache, contactId, { __typename: "CallEntry", id: data.startCall.id });
    },
  });
  return (
    <>
      <button
        type="button"
        className="button button--primary"
        disabled={loading || !hasNumber}
        title={hasNumber ? `Rings your phone, then ${contactName}` : `${contactName} has no phone number`}
        onClick={() => {
          reset();
          startCall().catch(() => {});
        }}
      >
        <PhoneIcon size={16} />
        {loading ? "Calling…" : "Call"}
      </button>
      <ErrorNotice error={error} className="contact-header__call-error" />
    </>
  );
}
