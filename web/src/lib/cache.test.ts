import { readFileSync } from "node:fs";
import { buildSchema, isInterfaceType, isUnionType } from "graphql";
import { describe, expect, it } from "vitest";
import {
  ContactViewDocument,
  CreateNoteDocument,
  type ContactViewQuery,
  type ContactViewQueryVariables,
  type CreateNoteMutation,
  type CreateNoteMutationVariables,
} from "@/gql/graphql";
import { addEntryToTimelines, createCache, mergeConnectionPage, possibleTypes, timelineListsType, type ConnectionPage } from "./cache";

type Edge = { node: { id: string } };
const page = (ids: string[], hasNextPage: boolean, endCursor: string | null): ConnectionPage<Edge> => ({
  edges: ids.map((id) => ({ node: { id } })),
  pageInfo: { hasNextPage, endCursor },
});
const ids = (connection: ConnectionPage<Edge>) => connection.edges.map((e) => e.node.id);
const keyOf = (edge: Edge) => edge.node.id;

describe("mergeConnectionPage", () => {
  it("takes the first page as is", () => {
    const first = page(["e5", "e4"], true, "c4");
    expect(mergeConnectionPage(undefined, first, undefined, keyOf)).toBe(first);
  });

  it("appends the next page without duplicates and takes its pageInfo", () => {
    const first = page(["e5", "e4", "e3"], true, "c3");
    // An entry created meanwhile shifted the server's pages: e3 comes again.
    const second = page(["e3", "e2", "e1"], false, "c1");
    const merged = mergeConnectionPage(first, second, "c3", keyOf);
    expect(ids(merged)).toEqual(["e5", "e4", "e3", "e2", "e1"]);
    expect(merged.pageInfo).toEqual({ hasNextPage: false, endCursor: "c1" });
  });

  it("replaces everything when the first page is fetched again (refetch)", () => {
    const loaded = mergeConnectionPage(page(["e5", "e4"], true, "c4"), page(["e3", "e2"], true, "c2"), "c4", keyOf);
    const refetched = page(["e6", "e5"], true, "c5");
    expect(ids(mergeConnectionPage(loaded, refetched, null, keyOf))).toEqual(["e6", "e5"]);
  });
});

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
        unreadCount: 0,
        timeline: {
          __typename: "EntryConnection",
          edges: entries.map((node) => ({ __typename: "EntryEdge", node })),
          pageInfo: { __typename: "PageInfo", hasNextPage, endCursor },
        },
      },
    }) as unknown as ContactViewQuery;

  const write = (cache: ReturnType<typeof createCache>, data: ContactViewQuery, after?: string) =>
    cache.writeQuery<ContactViewQuery, ContactViewQueryVariables>({ query: ContactViewDocument, variables: { id: "c1", after }, data });
  const readIds = (cache: ReturnType<typeof createCache>) => {
    const data = cache.readQuery<ContactViewQuery, ContactViewQueryVariables>({ query: ContactViewDocument, variables: { id: "c1" } });
    return data?.contact.timeline.edges.map((e: { node: { id: string } }) => e.node.id);
  };

  it("pages Contact.timeline with fetchMore-style writes, and matches entry fragments through possibleTypes", () => {
    const cache = createCache();
    write(cache, result([note("e4"), call("e3")], true, "k3"));
    write(cache, result([call("e3"), call("e2")], false, "k2"), "k3");
    expect(readIds(cache)).toEqual(["e4", "e3", "e2"]);

    const data = cache.readQuery<ContactViewQuery, ContactViewQueryVariables>({ query: ContactViewDocument, variables: { id: "c1" } });
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

    addEntryToTimelines(cache, "c1", { __typename: "NoteEntry", id: "n1" }, "NOTE");
    addEntryToTimelines(cache, "c1", { __typename: "NoteEntry", id: "n1" }, "NOTE");
    expect(readIds(cache)).toEqual(["n1", "e3", "e2"]);
  });
});

describe("possibleTypes", () => {
  it("lists every implementation of every interface and union of schema.graphql", () => {
    const schema = buildSchema(readFileSync(new URL("../../../schema.graphql", import.meta.url), "utf8"));
    const expected: Record<string, string[]> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      if (isInterfaceType(type) || isUnionType(type)) {
        expected[type.name] = schema
          .getPossibleTypes(type)
          .map((t) => t.name)
          .sort();
      }
    }
    const actual = Object.fromEntries(Object.entries(possibleTypes).map(([k, v]) => [k, [...v].sort()]));
    expect(actual).toEqual(expected);
  });
});
