import type { ApolloCache } from "@apollo/client";
import { useMutation } from "@apollo/client/react";
import { useCallback } from "react";
import { addEntryToTimelines } from "@/features/timeline/timeline-cache";
import { graphql } from "@/gql";
import type { SendSmsMutation, SmsEntryItem_EntryFragment } from "@/gql/graphql";
import { TEMP_ID_PREFIX } from "@/lib/ids";

const SendSmsMutationDocument = graphql(`
  mutation SendSms($input: SendSmsInput!) {
    sendSms(input: $input) {
      id
      ...SmsEntryItem_entry
    }
  }
`);

/** A message the agent sends: `idempotencyKey` is new for every press of Send, so a retried request sends once. */
export interface SmsToSend {
  contactId: string;
  body: string;
  /** The account's number to send from; null: the one the customer last texted. */
  from: string | null;
  idempotencyKey: string;
  /** As counted in the composer, for the entry shown until the API answers. */
  segments: number;
  encoding: "GSM-7" | "UCS-2";
  agent: { id: string; name: string } | null;
  /** Within the customer's quiet hours, send anyway: why (recorded on the message). */
  quietHoursOverride?: string;
  now?: Date;
}

/**
 * The options of `sendSms` for one message:
 * - the optimistic entry it shows as until the API answers: QUEUED, with a temporary id made from the idempotency key.
 *   Apollo keeps it in an optimistic layer and drops the layer when `sendSms` answers, so it is replaced by the API's
 *   entry, never shown beside it;
 * - `update` puts the sent entry on the contact's cached timelines. It runs for the optimistic entry (in its layer) and
 *   again for the API's; `timelineUpdated` may have added the API's entry already: it lands once.
 */
export function sendSmsOptions(sms: SmsToSend) {
  const createdAt = (sms.now ?? new Date()).toISOString();
  // Every object carries its __typename, so the cache stores the optimistic entry as it will store the API's.
  const agent = sms.agent && { __typename: "Agent" as const, ...sms.agent };
  const optimistic: SmsEntryItem_EntryFragment & { __typename: "SmsEntry" } = {
    __typename: "SmsEntry",
    id: `${TEMP_ID_PREFIX}${sms.idempotencyKey}`,
    createdAt,
    body: sms.body,
    direction: "OUTBOUND",
    status: "QUEUED",
    statusUpdatedAt: createdAt,
    canRetry: false,
    dismissedAt: null,
    dismissedBy: null,
    errorCode: null,
    errorMessage: null,
    retryCount: 0,
    segments: sms.segments,
    encoding: sms.encoding === "UCS-2" ? "UCS_2" : "GSM_7",
    talkdeskPhoneNumber: sms.from,
    agent,
    media: [],
    quietHoursOverride: null,
  };
  return {
    variables: {
      input: {
        contactId: sms.contactId,
        body: sms.body,
        from: sms.from ?? undefined,
        idempotencyKey: sms.idempotencyKey,
        quietHoursOverride: sms.quietHoursOverride,
      },
    },
    optimisticResponse: { sendSms: optimistic } as unknown as SendSmsMutation,
    update: (cache: ApolloCache, result: { data?: { sendSms: { id: string } } | null }) => {
      const entry = result.data?.sendSms;
      if (entry) addEntryToTimelines(cache, sms.contactId, { __typename: "SmsEntry", id: entry.id });
    },
  };
}

/** Sends an SMS: shown at once on the contact's timelines (QUEUED), then replaced by the API's entry. */
export function useSendSmsMutation(): (sms: SmsToSend) => Promise<unknown> {
  const [sendSms] = useMutation(SendSmsMutationDocument);
  return useCallback((sms: SmsToSend) => sendSms(sendSmsOptions(sms)), [sendSms]);
}
