import { ApolloClient, ApolloLink, type FetchResult } from "@apollo/client";
import { Observable, type Subscriber } from "rxjs";
import { describe, expect, it } from "vitest";
import { addEntryToTimelines } from "@/features/timeline/timeline-cache";
import { createCache } from "@/apollo/cache";
import { ContactTimelineDocument, ContactTimelineUpdatedDocument, SendSmsDocument, type ContactTimelineQuery } from "@/gql/graphql";
import { sendSmsOptions } from "./use-send-sms";

/** A link that answers each operation when the test says so, as a slow network would. */
function manualLink() {
  const pending: { name: string; observer: Subscriber<FetchResult> }[] = [];
  const link = new ApolloLink(
    (operation) =>
      new Observable<FetchResult>((observer) => {
        pending.push({ name: operation.operationName ?? "", observer });
      }),
  );
  const answer = (name: string, data: unknown) => {
    const i = pending.findIndex((p) => p.name === name);
    if (i < 0) throw new Error(`no pending ${name}`);
    const [{ observer }] = pending.splice(i, 1);
    observer.next({ data } as FetchResult);
    observer.complete();
  };
  const fail = (name: string, message: string) => {
    const i = pending.findIndex((p) => p.name === name);
    const [{ observer }] = pending.splice(i, 1);
    observer.error(new Error(message));
  };
  return { link, answer, fail };
}

/** A copy of a message as the API sends it; `statusUpdatedAt` tells which of two copies is current. */
const sms = (id: string, status: string, createdAt: string, statusUpdatedAt: string, body = "I'll call you back later") => ({
  __typename: "SmsEntry" as const,
  id,
  createdAt,
  body,
  direction: "OUTBOUND" as const,
  status,
  statusUpdatedAt,
  canRetry: false,
  dismissedAt: null,
  dismissedBy: null,
  errorCode: null,
  errorMessage: null,
  retryCount: 0,
  segments: 1,
  encoding: "GSM_7" as const,
  talkdeskPhoneNumber: "+16502907793",
  agent: { __typename: "Agent" as const, id: "a1", name: "Ana" },
  media: [],
  quietHoursOverride: null,
});

describe("a sent SMS (optimistic entry, mutation result, timelineUpdated)", () => {
  const contactId = "c1";
  function setup() {
    const { link, answer, fail } = manualLink();
    const client = new ApolloClient({ link, cache: createCache() });
    client.cache.writeQuery({
      query: ContactTimelineDocument,
      variables: { id: contactId },
      data: {
        contact: {
          __typename: "Contact",
          id: contactId,
          name: "Bo",
          unreadCount: 0,
          smsOptedOut: false,
          timeZone: null,
          localTimeZone: null,
          status: "OPEN",
          snoozedUntil: null,
          nextScheduledSmsAt: null,
          assignee: null,
          phoneNumbers: ["+15146300808"],
          email: null,
          company: null,
          timeline: {
            __typename: "EntryConnection",
            edges: [{ __typename: "EntryEdge", node: sms("old", "DELIVERED", "2026-03-01T10:00:00.000Z", "2026-03-01T10:00:05.000Z", "earlier") }],
            pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: "k" },
          },
        },
      } as unknown as ContactTimelineQuery,
    });
    const shown = () =>
      client.cache
        .readQuery({ query: ContactTimelineDocument, variables: { id: contactId }, optimistic: true })!
        .contact.timeline.edges.map((e: { node: { id: string } }) => e.node.id);
    const send = () =>
      client.mutate({
        mutation: SendSmsDocument,
        ...sendSmsOptions({
          contactId,
          body: "I'll call you back later",
          from: null,
          idempotencyKey: "k1",
          segments: 1,
          encoding: "GSM-7",
          agent: { id: "a1", name: "Ana" },
          now: new Date("2026-03-02T10:00:00.000Z"),
        }),
      });
    /** What useLiveTimeline does with a `timelineUpdated` event. */
    const timelineUpdated = (entry: ReturnType<typeof sms>) => {
      client.cache.writeQuery({ query: ContactTimelineUpdatedDocument, variables: { contactId }, data: { timelineUpdated: entry } as never });
      addEntryToTimelines(client.cache, contactId, entry);
    };
    const status = (id: string) => (client.cache.extract(true) as Record<string, { status?: string }>)[`SmsEntry:${id}`]?.status;
    return { answer, fail, shown, send, timelineUpdated, status };
  }

  it("shows at once, then is replaced by the API's entry when the event comes before the result", async () => {
    const { answer, shown, send, timelineUpdated, status } = setup();
    const done = send();
    expect(shown()).toEqual(["temp-k1", "old"]);
    // sendSms publishes the stored entry before it answers: the event usually wins the race.
    timelineUpdated(sms("e2", "QUEUED", "2026-03-02T10:00:00.100Z", "2026-03-02T10:00:00.100Z"));
    expect(shown().filter((id: string) => id !== "old")).toHaveLength(1);
    timelineUpdated(sms("e2", "SENT", "2026-03-02T10:00:00.100Z", "2026-03-02T10:00:01.000Z"));
    answer("SendSms", { sendSms: sms("e2", "QUEUED", "2026-03-02T10:00:00.100Z", "2026-03-02T10:00:00.100Z") });
    await done;
    expect(shown()).toEqual(["e2", "old"]);
    // The late answer (QUEUED) did not take the message back from SENT.
    expect(status("e2")).toBe("SENT");
    timelineUpdated(sms("e2", "DELIVERED", "2026-03-02T10:00:00.100Z", "2026-03-02T10:00:02.000Z"));
    expect(shown()).toEqual(["e2", "old"]);
    expect(status("e2")).toBe("DELIVERED");
  });

  it("is replaced once when the result comes before the event", async () => {
    const { answer, shown, send, timelineUpdated } = setup();
    const done = send();
    answer("SendSms", { sendSms: sms("e2", "QUEUED", "2026-03-02T10:00:00.100Z", "2026-03-02T10:00:00.100Z") });
    await done;
    expect(shown()).toEqual(["e2", "old"]);
    timelineUpdated(sms("e2", "QUEUED", "2026-03-02T10:00:00.100Z", "2026-03-02T10:00:00.100Z"));
    expect(shown()).toEqual(["e2", "old"]);
  });

  it("disappears when the request fails (the composer gives the text back)", async () => {
    const { fail, shown, send } = setup();
    const done = send();
    expect(shown()).toEqual(["temp-k1", "old"]);
    fail("SendSms", "offline");
    await expect(done).rejects.toThrow("offline");
    expect(shown()).toEqual(["old"]);
  });
});
