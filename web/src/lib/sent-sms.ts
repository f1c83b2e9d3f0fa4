import type { ApolloCache } from "@apollo/client";
import type { SmsEntry_EntryFragment, TimelineEntry_EntryFragment } from "@/gql/graphql";
import { addEntryToTimelines } from "./cache";
import { TEMP_ID_PREFIX } from "./ids";

export type OptimisticSms = TimelineEntry_EntryFragment & SmsEntry_EntryFragment & { __typename: "SmsEntry" };

/**
 * The entry a just-sent SMS shows as until the API answers: QUEUED, with a temporary id made from the idempotency key.
 * Apollo keeps it in an optimistic layer and drops the layer when `sendSms` answers, so it is replaced by the API's
 * entry, never shown beside it.
 */
export function optimisticSms(input: {
  key: string;
  body: string;
  from: string | null;
  segments: number;
  encoding: "GSM-7" | "UCS-2";
  agent: { id: string; name: string } | null;
  now?: Date;
}): OptimisticSms {
  return {
    __typename: "SmsEntry",
    id: `${TEMP_ID_PREFIX}${input.key}`,
    createdAt: (input.now ?? new Date()).toISOString(),
    body: input.body,
    direction: "OUTBOUND",
    status: "QUEUED",
    errorCode: null,
    errorMessage: null,
    retryCount: 0,
    segments: input.segments,
    encoding: input.encoding === "UCS-2" ? "UCS_2" : "GSM_7",
    talkdeskPhoneNumber: input.from,
    agent: input.agent ? { __typename: "Agent", ...input.agent } : null,
    media: [],
  } as OptimisticSms;
}

/**
 * `update` of `sendSms`: puts the sent entry on the contact's cached timelines. It runs for the optimistic entry (in
 * its layer) and again for the API's; `timelineUpdated` may have added the API's entry already: it lands once.
 */
export function showSentSms(contactId: string) {
  return (cache: ApolloCache, result: { data?: { sendSms: { id: string } } | null }) => {
    const entry = result.data?.sendSms;
    if (entry) addEntryToTimelines(cache, contactId, { __typename: "SmsEntry", id: entry.id });
  };
}
