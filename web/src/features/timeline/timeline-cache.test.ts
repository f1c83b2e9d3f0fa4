import { describe, expect, it } from "vitest";
import { createCache } from "@/apollo/cache";
import {
  ContactTimelineDocument,
  CreateNoteDocument,
  type ContactTimelineQuery,
  type ContactTimelineQueryVariables,
  type CreateNoteMutation,
  type CreateNoteMutationVariables,
} from "@/gql/graphql";
import { addEntryToTimelines, timelineListsType } from "./timeline-cache";

describe("timelineListsType", () => {
  it("reads the types filter from the field's store name", () => {
    expect(timelineListsType("timeline", "NOTE")).toBe(true);
    expect(timelineListsType("timeline:{}", "NOTE")).toBe(true);
    expect(timelineListsType('timeline:{"types":["NOTE","SMS"]}', "NOTE")).toBe(true);
    expect(timelineListsType('timeline:{"types":["CALL"]}', "NOTE")).toBe(false);
  });
});

// The cache as the app configures it, with the app's own typed query: proves the type policies end to end.
describe("the app's cache", () => {
  const call = (id: string) => ({
    __typename: "CallEntry" as const,
    id,
    createdAt: "2026-03-01T10:00:00.000Z",
    callDirection: "INBOUND" as const,
    callStatus: "COMPLETED" as const,
    duration: 75,
    errorMessage: null,
    agent: { __typename: "Agent" as const, id: "a1", name: "Ana" },
  });
  const note = (id: string, createdAt = "2026-03-02T10:00:00.000Z") => ({
    __typename: "NoteEntry" as const,
    id,
    createdAt,
    body: "Called back",
    agent: { __typename: "Agent" as const, id: "a1", name: "Ana" },
  });
  const result = (entries: object[], hasNextPage: boolean, endCursor: string | null) =>
    ({
      contact: {
        __typename: "Contact",
        id: "c1",
        name: "Bo",
        phoneNumbers: ["+15146300808"],
        email: null,
        company: null,
        smsOptedOut: false,
        timeZone: null,
        localTimeZone: null,
        status: "OPEN",
        snoozedUntil: null,
        nextScheduledSmsAt: null,
        assignee: null,
        unreadCount: 0,
        timeline: {
          __typename: "EntryConnection",
          edges: entries.map((node) => ({ __typename: "EntryEdge", node })),
          pageInfo: { __typename: "PageInfo", hasNextPage, endCursor },
        },
      },
    }) as unknown as ContactTimelineQuery;

  const write = (cache: ReturnType<typeof createCache>, data: ContactTimelineQuery, after?: string) =>
    cache.writeQuery<ContactTimelineQuery, ContactTimelineQueryVariables>({ query: ContactTimelineDocument, variables: { id: "c1", after }, data });
  const readIds = (cache: ReturnType<typeof createCache>) => {
    const data = cache.readQuery<ContactTimelineQuery, ContactTimelineQueryVariables>({ query: ContactTimelineDocument, variables: { id: "c1" } });
    return data?.contact.timeline.edges.map((e: { node: { id: string } }) => e.node.id);
  };

  it("pages Contact.timeline with fetchMore-style writes, and matches entry fragments through possibleTypes", () => {
    const cache = createCache();
    write(cache, result([note("e4"), call("e3")], true, "k3"));
    write(cache, result([call("e3"), call("e2")], false, "k2"), "k3");
    expect(readIds(cache)).toEqual(["e4", "e3", "e2"]);

    const data = cache.readQuery<ContactTimelineQuery, ContactTimelineQueryVariables>({ query: ContactTimelineDocument, variables: { id: "c1" } });
    expect(data?.contact.timeline.pageInfo).toEqual({ __typename: "PageInfo", hasNextPage: false, endCursor: "k2" });
    // Fields of `... on CallEntry` inside `fragment on Entry` were written and read back: possibleTypes works.
    expect(data?.contact.timeline.edges[1].node).toMatchObject({ __typename: "CallEntry", callStatus: "COMPLETED", duration: 75 });

    write(cache, result([note("e5"), note("e4")], true, "k4"));
    expect(readIds(cache)).toEqual(["e5", "e4"]);
  });

  it("puts a new note at its place on the loaded timeline, once", () => {
    const cache = createCache();
    write(cache, result([call("e3")], true, "k3"));
    write(cache, result([call("e2")], false, "k2"), "k3");
    // What Apollo does with the mutation's result before calling `update`.
    cache.writeQuery<CreateNoteMutation, CreateNoteMutationVariables>({
      query: CreateNoteDocument,
      variables: { contactId: "c1", body: "Called back" },
      data: { createNote: note("n1", "2026-03-05T10:00:00.000Z") } as unknown as CreateNoteMutation,
    });

    addEntryToTimelines(cache, "c1", { __typename: "NoteEntry", id: "n1" });
    addEntryToTimelines(cache, "c1", { __typename: "NoteEntry", id: "n1" });
    expect(readIds(cache)).toEqual(["n1", "e3", "e2"]);
  });
});
