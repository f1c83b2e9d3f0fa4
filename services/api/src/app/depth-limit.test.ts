import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, createTenant, startTestApp, type TestApp } from "../../test/helpers.js";

const nest = (levels: number) => {
  let q = "id";
  for (let i = 0; i < levels; i++) q = `timeline(first: 1) { edges { node { contact { ${q} } } } }`;
  return `{ contacts(first: 1) { edges { node { ${q} } } } }`;
};

describe("query depth limit", () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
    tenant = await createTenant("Depth");
  });
  afterAll(() => app.close());

  it("answers the console's deepest real queries", async () => {
    const res = await app.gql(nest(1), {}, tenant.token);
    expect(res.errors).toBeUndefined();
  });

  it("refuses a query nested past the limit over HTTP and WebSocket, with a sentence", async () => {
    const res = await app.gql(nest(3), {}, tenant.token);
    expect(codes(res)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(res.errors![0].message).toBe("This query is nested 16 fields deep; the limit is 12. Ask for less at once and page through the rest.");
    const viaFragments = await app.gql(
      `query { ...A } fragment A on Query { contacts { edges { node { ...B } } } } fragment B on Contact { timeline { edges { node { contact { ...C } } } } } fragment C on Contact { timeline { edges { node { contact { timeline { edges { node { id } } } } } } } }`,
      {},
      tenant.token,
    );
    expect(codes(viaFragments)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const ws = app.ws(tenant.token);
    const errors = await new Promise<any>((resolve) => ws.subscribe({ query: nest(3) }, { next: resolve, error: resolve, complete: () => {} }));
    expect(JSON.stringify(errors)).toContain("the limit is 12");
  });
});
