import { describe, expect, it } from "vitest";
import { createCache } from "@/apollo/cache";
import { InboxDocument, LiveConversationUpdatedDocument, type ConversationFilter, type InboxQuery } from "@/gql/graphql";
import { contactsListIsUnfiltered, conversationMatchesList, placeContactInLists } from "./inbox-cache";

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
  status: "OPEN" as string,
  nextScheduledSmsAt: null,
  assignee: null as { __typename: "Agent"; id: string; name: string } | null,
  lastMessage: { __typename: "LastMessage" as const, at: lastActivityAt, direction: "INBOUND" as const, preview: "hi" },
  ...extra,
});

describe("conversationMatchesList (the inbox tabs)", () => {
  const list = (filter: object) => `conversations:${JSON.stringify({ filter })}`;
  const ben = "agent-ben";
  it("follows the API's filter: assignee, agent and statuses", () => {
    const open = { assigneeId: null, status: "OPEN" };
    const bens = { assigneeId: ben, status: "OPEN" };
    const resolved = { assigneeId: ben, status: "RESOLVED" };
    expect(conversationMatchesList("conversations", open, ben)).toBe(true);
    expect(conversationMatchesList(list({ assignee: "ME", status: ["OPEN"] }), bens, ben)).toBe(true);
    expect(conversationMatchesList(list({ assignee: "ME", status: ["OPEN"] }), bens, "agent-ana")).toBe(false);
    expect(conversationMatchesList(list({ assignee: "ME" }), open, null)).toBe(false);
    expect(conversationMatchesList(list({ assignee: "UNASSIGNED", status: ["OPEN"] }), open, ben)).toBe(true);
    expect(conversationMatchesList(list({ assignee: "UNASSIGNED", status: ["OPEN"] }), bens, ben)).toBe(false);
    expect(conversationMatchesList(list({ agentId: ben }), resolved, null)).toBe(true);
    expect(conversationMatchesList(list({ status: ["OPEN", "PENDING"] }), resolved, ben)).toBe(false);
    expect(conversationMatchesList(list({ status: ["RESOLVED"] }), resolved, ben)).toBe(true);
    expect(conversationMatchesList("conversations:{not json", open, ben)).toBeUndefined();
  });
});

describe("placeContactInLists (conversationUpdated)", () => {
  function inbox(nodes: ReturnType<typeof contact>[], filter?: ConversationFilter) {
    const cache = createCache();
    cache.writeQuery({
      query: InboxDocument,
      variables: filter ? { filter } : {},
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

  it("moves a resolved conversation out of the open tab and into the resolved one, and back when it reopens", () => {
    const openTab: ConversationFilter = { status: ["OPEN", "PENDING"] };
    const resolvedTab: ConversationFilter = { status: ["RESOLVED"] };
    const cache = inbox([contact("1", "2026-03-03T00:00:00Z"), contact("2", "2026-03-02T00:00:00Z")], openTab);
    cache.writeQuery({
      query: InboxDocument,
      variables: { filter: resolvedTab },
      data: {
        conversations: { __typename: "ContactConnection", edges: [], pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: null } },
      } as unknown as InboxQuery,
    });
    const ids = (filter: ConversationFilter) =>
      cache.readQuery({ query: InboxDocument, variables: { filter } })!.conversations.edges.map((e: { node: { id: string } }) => e.node.id);

    update(cache, contact("2", "2026-03-02T00:00:00Z", { status: "RESOLVED" }));
    expect(ids(openTab)).toEqual(["1"]);
    expect(ids(resolvedTab)).toEqual(["2"]);

    update(cache, contact("2", "2026-03-04T00:00:00Z", { status: "OPEN", unreadCount: 1 }));
    expect(ids(openTab)).toEqual(["2", "1"]);
    expect(ids(resolvedTab)).toEqual([]);
  });

  it("keeps the agent's own tab to what is assigned to her", () => {
    const mine: ConversationFilter = { assignee: "ME", status: ["OPEN"] };
    const cache = inbox([], mine);
    const ids = () =>
      cache.readQuery({ query: InboxDocument, variables: { filter: mine } })!.conversations.edges.map((e: { node: { id: string } }) => e.node.id);
    const benAgent = { __typename: "Agent" as const, id: "ben", name: "Ben" };
    cache.writeQuery({
      query: LiveConversationUpdatedDocument,
      data: { conversationUpdated: contact("5", "2026-03-05T00:00:00Z", { assignee: benAgent }) } as never,
    });
    placeContactInLists(cache, "5", "ana");
    expect(ids()).toEqual([]);
    placeContactInLists(cache, "5", "ben");
    expect(ids()).toEqual(["5"]);
  });
});
