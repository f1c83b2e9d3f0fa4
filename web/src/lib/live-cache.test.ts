import { ApolloClient, ApolloLink, type FetchResult } from "@apollo/client";
import { Observable, type Subscriber } from "rxjs";
import { describe, expect, it } from "vitest";
import {
  ContactTimelineUpdatedDocument,
  ContactViewDocument,
  InboxDocument,
  LiveConversationUpdatedDocument,
  SendSmsDocument,
  type ContactViewQuery,
  type InboxQuery,
  type SendSmsMutation,
} from "@/gql/graphql";
import { addEntryToTimelines, contactsListIsUnfiltered, createCache, insertEdgeByTime, mergeSmsStatus, placeContactInLists } from "./cache";
import { optimisticSms, showSentSms } from "./sent-sms";

type Edge = { node: { id: string; at: string } };
const list = (nodes: [string, string][], hasNextPage = false) => ({
  edges: nodes.map(([id, at]) => ({ node: { id, at } })),
  pageInfo: { hasNextPage, endCursor: "c" },
});
const key = (e: Edge) => e.node.id;
const time = (e: Edge) => e.node.at;
const ids = (l: { edges: readonly Edge[] }) => l.edges.map(key);

describe("insertEdgeByTime", () => {
  const loaded = list([
    ["e3", "2026-03-03"],
    ["e1", "2026-03-01"],
  ]);

  it("puts the newest first and a late one between the entries it falls between", () => {
    expect(ids(insertEdgeByTime(loaded, { node: { id: "e4", at: "2026-03-04" } }, key, time))).toEqual(["e4", "e3", "e1"]);
    expect(ids(insertEdgeByTime(loaded, { node: { id: "e2", at: "2026-03-02" } }, key, time))).toEqual(["e3", "e2", "e1"]);
  });

  it("adds an entry already listed only once", () => {
    expect(insertEdgeByTime(loaded, { node: { id: "e3", at: "2026-03-09" } }, key, time)).toBe(loaded);
  });

  it("leaves out an entry older than every loaded one while older pages exist (it comes with them)", () => {
    const paged = list([["e3", "2026-03-03"]], true);
    expect(insertEdgeByTime(paged, { node: { id: "e0", at: "2026-02-01" } }, key, time)).toBe(paged);
    expect(ids(insertEdgeByTime(list([["e3", "2026-03-03"]]), { node: { id: "e0", at: "2026-02-01" } }, key, time))).toEqual(["e3", "e0"]);
  });
});

describe("mergeSmsStatus", () => {
  it("never takes a message back (a late sendSms answer after a status callback)", () => {
    expect(mergeSmsStatus("DELIVERED", "QUEUED")).toBe("DELIVERED");
    expect(mergeSmsStatus("SENT", "QUEUED")).toBe("SENT");
    expect(mergeSmsStatus("QUEUED", "SENT")).toBe("SENT");
    expect(mergeSmsStatus("SENT", "DELIVERED")).toBe("DELIVERED");
    expect(mergeSmsStatus(undefined, "QUEUED")).toBe("QUEUED");
  });

  it("lets a failed message start again (a retry)", () => {
    expect(mergeSmsStatus("FAILED", "QUEUED")).toBe("QUEUED");
    expect(mergeSmsStatus("UNDELIVERED", "QUEUED")).toBe("QUEUED");
  });
});

describe("contactsListIsUnfiltered", () => {
  it("tells the whole list from a search", () => {
    expect(contactsListIsUnfiltered("contacts")).toBe(true);
    expect(contactsListIsUnfiltered("contacts:{}")).toBe(true);
    expect(contactsListIsUnfiltered('contacts:{"search":null}')).toBe(true);
    expect(contactsListIsUnfiltered('contacts:{"search":""}')).toBe(true);
    expect(contactsListIsUnfiltered('contacts:{"search":"ana"}')).toBe(false);
  });
});

const contact = (id: string, lastActivityAt: string, extra: object = {}) => ({
  __typename: "Contact" as const,
  id,
  name: `Contact ${id}`,
  phoneNumbers: [`+1514630${id.padStart(4, "0")}`],
  lastActivityAt,
  unreadCount: 0,
  smsOptedOut: false,
  company: null,
  lastMessage: { __typename: "LastMessage" as const, at: lastActivityAt, direction: "INBOUND" as const, preview: "hi" },
  ...extra,
});

describe("placeContactInLists (conversationUpdated)", () => {
  function inbox(nodes: ReturnType<typeof contact>[]) {
    const cache = createCache();
    cache.writeQuery({
      query: InboxDocument,
      data: {
        conversations: {
          __typename: "ContactConnection",
          edges: nodes.map((node) => ({ __typename: "ContactEdge", node })),
          pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: "x" },
        },
      } as unknown as InboxQuery,
    });
    return cache;
  }
  const inboxIds = (cache: ReturnType<typeof createCache>) =>
    cache.readQuery({ query: InboxDocument })!.conversations.edges.map((e: { node: { id: string } }) => e.node.id);
  const update = (cache: ReturnType<typeof createCache>, c: ReturnType<typeof contact>) => {
    cache.writeQuery({ query: LiveConversationUpdatedDocument, data: { conversationUpdated: c } as never });
    placeContactInLists(cache, c.id);
  };

  it("moves a contact with a new message to the top", () => {
    const cache = inbox([contact("1", "2026-03-03T00:00:00Z"), contact("2", "2026-03-02T00:00:00Z"), contact("3", "2026-03-01T00:00:00Z")]);
    update(cache, contact("3", "2026-03-04T00:00:00Z", { unreadCount: 1 }));
    expect(inboxIds(cache)).toEqual(["3", "1", "2"]);
  });

  it("adds a contact the inbox did not list (a first message from a new number)", () => {
    const cache = inbox([contact("1", "2026-03-03T00:00:00Z")]);
    update(cache, contact("9", "2026-03-04T00:00:00Z", { unreadCount: 1 }));
    update(cache, contact("9", "2026-03-04T00:00:01Z", { unreadCount: 2 }));
    expect(inboxIds(cache)).toEqual(["9", "1"]);
  });

  it("leaves out of the inbox a contact with nothing to show (opted out without a message)", () => {
    const cache = inbox([contact("1", "2026-03-03T00:00:00Z")]);
    update(cache, contact("8", "2026-03-04T00:00:00Z", { lastMessage: null, smsOptedOut: true }));
    expect(inboxIds(cache)).toEqual(["1"]);
  });
});

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

const sms = (id: string, status: string, createdAt: string, body = "I'll call you back later") => ({
  __typename: "SmsEntry" as const,
  id,
  createdAt,
  body,
  direction: "OUTBOUND" as const,
  status,
  errorCode: null,
  errorMessage: null,
  retryCount: 0,
  segments: 1,
  encoding: "GSM_7" as const,
  talkdeskPhoneNumber: "+16502907793",
  agent: { __typename: "Agent" as const, id: "a1", name: "Ana" },
  media: [],
});

describe("a sent SMS (optimistic entry, mutation result, timelineUpdated)", () => {
  const contactId = "c1";
  function setup() {
    const { link, answer, fail } = manualLink();
    const client = new ApolloClient({ link, cache: createCache() });
    client.cache.writeQuery({
      query: ContactViewDocument,
      variables: { id: contactId },
      data: {
        contact: {
          __typename: "Contact",
          id: contactId,
          name: "Bo",
          unreadCount: 0,
          smsOptedOut: false,
          phoneNumbers: ["+15146300808"],
          email: null,
          company: null,
          timeline: {
            __typename: "EntryConnection",
            edges: [{ __typename: "EntryEdge", node: sms("old", "DELIVERED", "2026-03-01T10:00:00.000Z", "earlier") }],
            pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: "k" },
          },
        },
      } as unknown as ContactViewQuery,
    });
    const shown = () =>
      client.cache
        .readQuery({ query: ContactViewDocument, variables: { id: contactId }, optimistic: true })!
        .contact.timeline.edges.map((e: { node: { id: string } }) => e.node.id);
    const send = () =>
      client.mutate({
        mutation: SendSmsDocument,
        variables: { input: { contactId, body: "I'll call you back later", idempotencyKey: "k1" } },
        optimisticResponse: {
          sendSms: optimisticSms({
            key: "k1",
            body: "I'll call you back later",
            from: null,
            segments: 1,
            encoding: "GSM-7",
            agent: { id: "a1", name: "Ana" },
            now: new Date("2026-03-02T10:00:00.000Z"),
          }),
        } as unknown as SendSmsMutation,
        update: showSentSms(contactId),
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
    timelineUpdated(sms("e2", "QUEUED", "2026-03-02T10:00:00.100Z"));
    expect(shown().filter((id: string) => id !== "old")).toHaveLength(1);
    timelineUpdated(sms("e2", "SENT", "2026-03-02T10:00:00.100Z"));
    answer("SendSms", { sendSms: sms("e2", "QUEUED", "2026-03-02T10:00:00.100Z") });
    await done;
    expect(shown()).toEqual(["e2", "old"]);
    // The late answer (QUEUED) did not take the message back from SENT.
    expect(status("e2")).toBe("SENT");
    timelineUpdated(sms("e2", "DELIVERED", "2026-03-02T10:00:00.100Z"));
    expect(shown()).toEqual(["e2", "old"]);
    expect(status("e2")).toBe("DELIVERED");
  });

  it("is replaced once when the result comes before the event", async () => {
    const { answer, shown, send, timelineUpdated } = setup();
    const done = send();
    answer("SendSms", { sendSms: sms("e2", "QUEUED", "2026-03-02T10:00:00.100Z") });
    await done;
    expect(shown()).toEqual(["e2", "old"]);
    timelineUpdated(sms("e2", "QUEUED", "2026-03-02T10:00:00.100Z"));
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
