import { describe, expect, it } from "vitest";
import { insertEdgeByTime, mergeConnectionPage, storeFieldArgs, type ConnectionPage } from "./connection";

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

type TimedEdge = { node: { id: string; at: string } };
const list = (nodes: [string, string][], hasNextPage = false) => ({
  edges: nodes.map(([id, at]) => ({ node: { id, at } })),
  pageInfo: { hasNextPage, endCursor: "c" },
});
const key = (e: TimedEdge) => e.node.id;
const time = (e: TimedEdge) => e.node.at;
const idsOf = (l: { edges: readonly TimedEdge[] }) => l.edges.map(key);

describe("insertEdgeByTime", () => {
  const loaded = list([
    ["e3", "2026-03-03"],
    ["e1", "2026-03-01"],
  ]);

  it("puts the newest first and a late one between the entries it falls between", () => {
    expect(idsOf(insertEdgeByTime(loaded, { node: { id: "e4", at: "2026-03-04" } }, key, time))).toEqual(["e4", "e3", "e1"]);
    expect(idsOf(insertEdgeByTime(loaded, { node: { id: "e2", at: "2026-03-02" } }, key, time))).toEqual(["e3", "e2", "e1"]);
  });

  it("adds an entry already listed only once", () => {
    expect(insertEdgeByTime(loaded, { node: { id: "e3", at: "2026-03-09" } }, key, time)).toBe(loaded);
  });

  it("leaves out an entry older than every loaded one while older pages exist (it comes with them)", () => {
    const paged = list([["e3", "2026-03-03"]], true);
    expect(insertEdgeByTime(paged, { node: { id: "e0", at: "2026-02-01" } }, key, time)).toBe(paged);
    expect(idsOf(insertEdgeByTime(list([["e3", "2026-03-03"]]), { node: { id: "e0", at: "2026-02-01" } }, key, time))).toEqual(["e3", "e0"]);
  });
});

describe("storeFieldArgs", () => {
  it("reads a cached field's key arguments from its store name", () => {
    expect(storeFieldArgs("timeline")).toEqual({});
    expect(storeFieldArgs('timeline:{"types":["CALL"]}')).toEqual({ types: ["CALL"] });
    expect(storeFieldArgs("timeline:{oops")).toBeUndefined();
    expect(storeFieldArgs("timeline:null")).toBeUndefined();
  });
});
