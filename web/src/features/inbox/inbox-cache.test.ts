import { describe, expect, it } from "vitest";
import { createCache } from "@/apollo/cache";
import { InboxDocument, LiveConversationUpdatedDocument, type InboxQuery } from "@/gql/graphql";
import { contactsListIsUnfiltered, placeContactInLists } from "./inbox-cache";

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
