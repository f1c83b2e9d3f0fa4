import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactModel } from "../contacts/contact.model.js";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";

/** The attack of the security review: ~5,000 aliased __schema selections in one 1 MB POST, with no credentials. */
const aliasedIntrospection = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: __schema { types { name fields { name type { name ofType { name } } } } }`).join(" ")} }`;

/** ~1M nodes within the depth limit: contacts(first:100) → timeline(first:100) → contact → timeline(first:100). */
const NESTED_LISTS = `query($n: Int) { contacts(first: $n) { edges { node { timeline(first: $n) { edges { node { contact {
  timeline(first: $n) { edges { node { id createdAt } } } } } } } } } } }`;

async function post(app: TestApp, body: unknown, token?: string) {
  const res = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown } };
}

/**
 * What an attack costs the server, measured so that a shared machine does not change the verdict: the CPU time this
 * process (the server runs in it) spends while `attack` runs, and the slowest /healthz answer polled every 20 ms
 * meanwhile. Without the limits these attacks cost seconds of CPU on the event loop, and /healthz waits that long; with
 * them they cost a few milliseconds. Wall-clock medians are not asserted: other test files share the 2 cores.
 */
async function costOf(app: TestApp, attack: () => Promise<unknown>): Promise<{ cpuMs: number; slowestHealthzMs: number }> {
  const times: number[] = [];
  let done = false;
  const cpuBefore = process.cpuUsage();
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      await fetch(`${app.url}/healthz`);
      times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await attack();
  done = true;
  await poll;
  const cpu = process.cpuUsage(cpuBefore);
  return { cpuMs: (cpu.user + cpu.system) / 1000, slowestHealthzMs: Math.max(...times) };
}

/** Seconds of work would be 1,000s of ms of CPU; refusing at parse or validation is a few dozen, client included. */
function expectCheap(cost: { cpuMs: number; slowestHealthzMs: number }) {
  expect(cost.cpuMs).toBeLessThan(1500);
  expect(cost.slowestHealthzMs).toBeLessThan(2000);
}

describe("what one operation may cost", () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
    tenant = await createTenant("Limits");
  });
  afterAll(() => app.close());

  it("refuses a 1 MB document of aliased introspection cheaply, unauthenticated, while /healthz keeps answering", async () => {
    const query = aliasedIntrospection(5_000);
    expect(query.length).toBeGreaterThan(400_000);
    let answers: Awaited<ReturnType<typeof post>>[] = [];
    const cost = await costOf(app, async () => {
      answers = await Promise.all(Array.from({ length: 5 }, () => post(app, { query })));
    });
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body.errors![0]).toMatchObject({ extensions: { code: "GRAPHQL_PARSE_FAILED" } });
      expect(answer.body.errors![0].message).toMatch(/Document contains more th\w+ 5000 tokens/);
    }
    expectCheap(cost);
  });

  it("refuses more than 30 aliases, and introspection outside development", async () => {
    const aliases = await post(app, { query: `{ ${Array.from({ length: 31 }, (_, i) => `m${i}: me { agent { id } }`).join(" ")} }` }, tenant.token);
    expect(aliases.body.errors![0].message).toBe("This document has 31 aliases; the limit is 30. Send fewer fields at once.");
    const introspection = await post(app, { query: "{ __schema { types { name } } }" });
    expect(introspection.body.errors![0].message).toMatch(/introspection/i);
    expect(introspection.body.data).toBeUndefined();
  });

  it("refuses an operation that could return a million objects, over HTTP and WebSocket, while /healthz keeps answering", async () => {
    let res: Awaited<ReturnType<typeof post>> | undefined;
    const cost = await costOf(app, async () => {
      res = await post(app, { query: NESTED_LISTS, variables: { n: 100 } }, tenant.token);
    });
    const [error] = res!.body.errors as { message: string; extensions: { code: string; cost: number; limit: number } }[];
    expect(error.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: 25000 });
    expect(error.extensions.cost).toBeGreaterThan(1_000_000);
    expect(error.message).toBe(
      `This operation could return about ${error.extensions.cost} objects; the limit is 25000. Ask for smaller pages (first) or fewer nested lists, and page through the rest.`,
    );
    expectCheap(cost);
    // Small pages of the same shape are fine: the limit is on what the answer can hold, not on the shape.
    expect((await post(app, { query: NESTED_LISTS, variables: { n: 5 } }, tenant.token)).body.errors).toBeUndefined();

    const ws = app.ws(tenant.token);
    const answer = await new Promise<any>((resolve) =>
      ws.subscribe({ query: NESTED_LISTS, variables: { n: 100 } }, { next: resolve, error: resolve, complete: () => {} }),
    );
    expect(JSON.stringify(answer)).toContain("QUERY_TOO_COMPLEX");
  });

  it("answers refusals made before anything runs with 400, not 500: too costly, or variables that do not fit their types", async () => {
    const costly = await post(app, { query: NESTED_LISTS, variables: { n: 100 } }, tenant.token);
    expect(costly.status).toBe(400);
    expect(costly.body.errors![0].extensions).toEqual({ code: "QUERY_TOO_COMPLEX", cost: expect.any(Number), limit: 25000 });
    // Found by the fuzz tests: the cost check read the variables first and failed on them with INTERNAL_SERVER_ERROR.
    for (const variables of [{ n: "" }, { n: 2 ** 31 }, { n: { $gt: "" } }]) {
      const res = await post(app, { query: NESTED_LISTS, variables }, tenant.token);
      expect(res.status, JSON.stringify(variables)).toBe(400);
      expect(res.body.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    }
    const missing = await post(app, { query: `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, variables: {} }, tenant.token);
    expect(missing).toMatchObject({ status: 400, body: { errors: [{ message: 'Variable "$id" of required type "ID!" was not provided.' }] } });
  });

  it("refuses text holding NUL (U+0000), which the database cannot store, in variables and literals alike (found by fuzzing)", async () => {
    const contacts = () => ContactModel.countDocuments({ account_id: tenant.accountId });
    const before = await contacts();
    const variable = await post(
      app,
      { query: `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, variables: { input: { name: "a\u0000b" } } },
      tenant.token,
    );
    expect(variable).toMatchObject({
      status: 400,
      body: {
        errors: [
          {
            message: "The variable $input.name contains the NUL character (U+0000), which cannot be stored: remove it.",
            extensions: { code: "BAD_USER_INPUT" },
          },
        ],
      },
    });
    const login = await post(app, {
      query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
      variables: { e: "a\u0000@example.com", p: "x" },
    });
    expect(login.body.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    const literal = await post(app, { query: `mutation { createContact(input: { name: "a\\u0000b" }) { id } }` }, tenant.token);
    expect(literal).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] } });
    expect(literal.body.errors![0].message).toBe("A string of this document contains the NUL character (U+0000), which cannot be stored: remove it.");
    expect(await contacts()).toBe(before);
  });
});

describe("introspection when asked for (GRAPHQL_INTROSPECTION=true, as in development)", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename, config: { GRAPHQL_INTROSPECTION: "true" } });
  });
  afterAll(() => app.close());

  it("answers Sandbox's full introspection query within every limit", async () => {
    const res = await post(app, { query: getIntrospectionQuery() });
    expect(res.body.errors).toBeUndefined();
    expect(JSON.stringify(res.body.data)).toContain('"name":"SmsEntry"');
  });
});
