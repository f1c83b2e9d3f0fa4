import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { ApiKeyModel } from "./api-key.model.js";
import { codes, createTenant, startTestApp, type TestApp } from "../../test/helpers.js";

describe("authentication", () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
    tenant = await createTenant("Auth");
  });
  afterAll(() => app.close());

  it("refuses every account query without credentials with UNAUTHENTICATED", async () => {
    for (const query of [
      `{ me { account { id } } }`,
      `{ contacts { edges { cursor } } }`,
      `{ phoneNumbers { id } }`,
      `{ entry(id: "5271079004420e0002000086") { id } }`,
      `{ contact(id: "5271079004420e0002000086") { id } }`,
      `mutation { createContact(input: { name: "x" }) { id } }`,
      `mutation { createNote(contactId: "5271079004420e0002000086", body: "x") { id } }`,
    ]) {
      const res = await app.gql(query);
      expect(codes(res), query).toEqual(["UNAUTHENTICATED"]);
      expect(res.data ?? null).toBeNull();
    }
  });

  it("signs an agent in with email and password, returns a token and sets an httpOnly cookie", async () => {
    const res = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token agent { id email } } }`,
        variables: { e: tenant.agent.email.toUpperCase(), p: tenant.password },
      }),
    });
    const body = (await res.json()) as any;
    expect(body.data.login.agent).toEqual({ id: String(tenant.agent._id), email: tenant.agent.email });
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^td_session=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    // The cookie alone authenticates.
    const me = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: cookie.split(";")[0] },
      body: JSON.stringify({ query: `{ me { agent { id } account { id } } }` }),
    });
    expect(((await me.json()) as any).data.me).toEqual({ agent: { id: String(tenant.agent._id) }, account: { id: String(tenant.accountId) } });
  });

  it("refuses a wrong password or an unknown email with the same sentence", async () => {
    const q = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
    const wrong = await app.gql(q, { e: tenant.agent.email, p: "not the password" });
    const unknown = await app.gql(q, { e: "nobody@example.com", p: "whatever-password" });
    expect(codes(wrong)).toEqual(["UNAUTHENTICATED"]);
    expect(codes(unknown)).toEqual(["UNAUTHENTICATED"]);
    expect(wrong.errors![0].message).toBe("The email or the password is wrong.");
    expect(unknown.errors![0].message).toBe(wrong.errors![0].message);
  });

  it("quotes at most 40 characters of what was sent in an error, however much was sent", async () => {
    const huge = "x".repeat(100_000);
    const res = await app.gql(`query($id: ID!) { contact(id: $id) { id } }`, { id: huge }, tenant.token);
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0].message).toBe(`"${"x".repeat(40)}…" is not a valid contact id: ids are 24 hexadecimal characters.`);
  });

  it("accepts an API key for other services: the account, and no agent", async () => {
    const res = await app.gql(`{ me { account { id } agent { id } } }`, {}, tenant.apiKey);
    expect(res.data.me).toEqual({ account: { id: String(tenant.accountId) }, agent: null });
  });

  it("stores API keys hashed, never in clear", async () => {
    const stored = await ApiKeyModel.find({ account_id: tenant.accountId }).lean();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(tenant.apiKey);
  });

  it("says why a presented credential fails: forged, expired, revoked", async () => {
    const forged = await new SignJWT({ acc: String(tenant.accountId) })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(String(tenant.agent._id))
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-another-secret-another-secret"));
    const expired = await new SignJWT({ acc: String(tenant.accountId) })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(String(tenant.agent._id))
      .setIssuedAt(1)
      .setExpirationTime(2)
      .sign(new TextEncoder().encode(app.config.sessionSecret));
    for (const token of [forged, expired, "tdk_unknown-key", "garbage"]) {
      const res = await app.gql(`{ me { account { id } } }`, {}, token);
      expect(codes(res)).toEqual(["UNAUTHENTICATED"]);
      expect(res.errors![0].message).toMatch(/sign in again|unknown or revoked/);
    }
    const other = await createTenant("Revoked");
    await ApiKeyModel.updateOne({ account_id: other.accountId }, { revoked_at: new Date() });
    expect(codes(await app.gql(`{ me { account { id } } }`, {}, other.apiKey))).toEqual(["UNAUTHENTICATED"]);
  });

  it("reads a session cookie with a broken %-escape as a credential that fails, not a server error (found by fuzzing)", async () => {
    for (const value of ["%", "%E0%A4%A", "a%zz"]) {
      const res = await fetch(`${app.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: `td_session=${value}` },
        body: JSON.stringify({ query: `{ me { account { id } } }` }),
      });
      expect(res.status, value).toBe(200);
      expect(codes((await res.json()) as any), value).toEqual(["UNAUTHENTICATED"]);
    }
  });

  it("still lets someone with a stale token sign in", async () => {
    const res = await app.gql(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { agent { id } } }`,
      { e: tenant.agent.email, p: tenant.password },
      "stale.token.value",
    );
    expect(res.errors).toBeUndefined();
  });

  it("authenticates WebSockets from connection_init and refuses sockets without credentials", async () => {
    const ok = app.ws(tenant.token);
    // No subscription exists yet in this schema version: a query over the socket proves the connection is accepted
    // and scoped to the account.
    const result = await new Promise<any>((resolve, reject) => {
      ok.subscribe({ query: `{ me { account { id } } }` }, { next: resolve, error: reject, complete: () => {} });
    });
    expect(result.data.me.account.id).toBe(String(tenant.accountId));

    const anonymous = app.ws();
    const closed = await new Promise<{ code: number }>((resolve) => {
      anonymous.on("closed", (event) => resolve(event as { code: number }));
      anonymous.subscribe({ query: `{ me { account { id } } }` }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    expect(closed.code).toBe(4403);
  });

  it("answers GET /healthz with the database state", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "up", queue: { depth: 0, oldestAgeSeconds: 0, parked: 0 } });
  });
});
