import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentModel } from "./agent.model.js";
import { startSession } from "./auth.service.js";
import { SessionModel } from "./session.model.js";
import { signAgentToken } from "./tokens.js";
import { codes, createTenant, signIn, startTestApp, type TestApp } from "../../test/helpers.js";

const ME = `{ me { account { id } } }`;

/** Opens a live subscription on `client` and resolves with how the socket ends (code and reason). */
async function liveSocket(client: Client): Promise<{ closed: Promise<{ code: number; reason: string }> }> {
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    client.on("closed", (event) =>
      resolve({ code: (event as { code: number; reason: string }).code, reason: (event as { code: number; reason: string }).reason }),
    ),
  );
  await new Promise<void>((resolve, reject) => {
    client.on("connected", () => resolve());
    client.on("error", reject);
  });
  client.subscribe({ query: `subscription { conversationUpdated { id } }` }, { next: () => {}, error: () => {}, complete: () => {} });
  return { closed };
}

describe("sessions that can be ended", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
  });
  afterAll(() => app.close());

  it("logout ends the session: the token stops working at once (bearer and cookie), other sessions go on", async () => {
    const tenant = await createTenant("Logout");
    const token = await signIn(app, tenant.agent.email, tenant.password);
    const other = await signIn(app, tenant.agent.email, tenant.password);
    expect(codes(await app.gql(ME, {}, token))).toEqual([]);

    const res = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `td_session=${token}` },
      body: JSON.stringify({ query: `mutation { logout }` }),
    });
    expect(((await res.json()) as any).data).toEqual({ logout: true });
    expect(res.headers.get("set-cookie")).toMatch(/td_session=;/);

    const after = await app.gql(ME, {}, token);
    expect(codes(after)).toEqual(["UNAUTHENTICATED"]);
    expect(after.errors![0].message).toBe("This session was signed out: sign in again.");
    expect(codes(await app.gql(ME, {}, other))).toEqual([]);
    // Logging out twice, or with no session, changes nothing and says so.
    expect((await app.gql(`mutation { logout }`, {}, other)).data).toEqual({ logout: true });
    expect((await app.gql(`mutation { logout }`)).data).toEqual({ logout: false });
  });

  it("signOutEverywhere ends every session of the agent and no one else's; API keys may not call it", async () => {
    const tenant = await createTenant("Everywhere");
    const tokens = [await signIn(app, tenant.agent.email, tenant.password), await signIn(app, tenant.agent.email, tenant.password)];
    const colleague = await createTenant("Colleague");
    const res = await app.gql(`mutation { signOutEverywhere }`, {}, tokens[0]);
    // The two sign-ins and createTenant's own session.
    expect(res.data).toEqual({ signOutEverywhere: 3 });
    for (const token of [...tokens, tenant.token]) expect(codes(await app.gql(ME, {}, token))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await app.gql(ME, {}, colleague.token))).toEqual([]);
    expect(codes(await app.gql(`mutation { signOutEverywhere }`, {}, colleague.apiKey))).toEqual(["FORBIDDEN"]);
  });

  it("closes an open socket (4401) when its session is signed out, and when its agent signs out everywhere", async () => {
    const tenant = await createTenant("Socket");
    const token = await signIn(app, tenant.agent.email, tenant.password);
    const socket = await liveSocket(app.ws(token));
    await app.gql(`mutation { logout }`, {}, token);
    expect(await socket.closed).toEqual({ code: 4401, reason: "This session was signed out: sign in again." });

    const again = await signIn(app, tenant.agent.email, tenant.password);
    const second = await liveSocket(app.ws(again));
    await app.gql(`mutation { signOutEverywhere }`, {}, tenant.token);
    expect((await second.closed).code).toBe(4401);
  });

  it("closes a socket when its token expires", async () => {
    const tenant = await createTenant("Expiry");
    const session = await SessionModel.create({ account_id: tenant.accountId, agent_id: tenant.agent._id, expires_at: new Date(Date.now() + 1500) });
    const shortLived = await signAgentToken(
      { agentId: tenant.agent._id, accountId: tenant.accountId, sessionId: session._id },
      new Date(Date.now() + 1500),
      app.config.sessionSecret,
    );
    const expiring = await liveSocket(app.ws(shortLived));
    expect(await expiring.closed).toEqual({ code: 4401, reason: "Your session expired: sign in again." });
  });
});

describe("sockets re-checking their credential (every 300 ms here, every minute by default)", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename, socketRecheckMs: 300 });
  });
  afterAll(() => app.close());

  it("closes a socket whose agent was deleted, an event no one published", async () => {
    const tenant = await createTenant("Deleted");
    const { token } = await startSession(tenant.agent, app.config.sessionSecret);
    const socket = await liveSocket(app.ws(token));
    await AgentModel.deleteOne({ _id: tenant.agent._id });
    expect(await socket.closed).toEqual({ code: 4401, reason: "This agent no longer exists: sign in again." });
  });
});

describe("API keys: listed, created and revoked by agents", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
  });
  afterAll(() => app.close());

  const LIST = `{ apiKeys { id prefix name createdAt lastUsedAt revokedAt } }`;

  it("lists the account's keys without the key itself, with when each was last used", async () => {
    const tenant = await createTenant("Keys");
    await app.gql(ME, {}, tenant.apiKey);
    await new Promise((r) => setTimeout(r, 100)); // last_used_at is written after the answer
    const res = await app.gql(LIST, {}, tenant.token);
    expect(res.data.apiKeys).toEqual([
      {
        id: expect.any(String),
        prefix: tenant.apiKey.slice(0, 10),
        name: "tests",
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        revokedAt: null,
      },
    ]);
    expect(JSON.stringify(res)).not.toContain(tenant.apiKey);
  });

  it("creates a key shown once, and revokes it: requests fail at once and its sockets close", async () => {
    const tenant = await createTenant("Revoke");
    const created = await app.gql(`mutation { createApiKey(name: "  billing  ") { key apiKey { id name prefix revokedAt } } }`, {}, tenant.token);
    const { key, apiKey } = created.data.createApiKey;
    expect(key).toMatch(/^tdk_/);
    expect(apiKey).toMatchObject({ name: "billing", prefix: key.slice(0, 10), revokedAt: null });
    expect(codes(await app.gql(ME, {}, key))).toEqual([]);

    const socket = await liveSocket(app.ws(key));
    const revoked = await app.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`, { id: apiKey.id }, tenant.token);
    expect(revoked.data.revokeApiKey.revokedAt).toEqual(expect.any(String));
    expect(await socket.closed).toEqual({ code: 4401, reason: "This API key was revoked." });
    expect(codes(await app.gql(ME, {}, key))).toEqual(["UNAUTHENTICATED"]);
    // Revoking again keeps the first date.
    const twice = await app.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id }, tenant.token);
    expect(twice.data.revokeApiKey.revokedAt).toBe(revoked.data.revokeApiKey.revokedAt);
  });

  it("is for agents of the account only: API keys are FORBIDDEN, another account's key is NOT_FOUND, a bad id BAD_USER_INPUT", async () => {
    const a = await createTenant("Owner");
    const b = await createTenant("Intruder");
    const [aKey] = (await app.gql(LIST, {}, a.token)).data.apiKeys;
    expect(codes(await app.gql(LIST, {}, a.apiKey))).toEqual(["FORBIDDEN"]);
    expect(codes(await app.gql(`mutation { createApiKey { key } }`, {}, a.apiKey))).toEqual(["FORBIDDEN"]);
    expect((await app.gql(LIST, {}, b.token)).data.apiKeys.map((k: { id: string }) => k.id)).not.toContain(aKey.id);
    const stolen = await app.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: aKey.id }, b.token);
    expect(codes(stolen)).toEqual(["NOT_FOUND"]);
    expect(codes(await app.gql(ME, {}, a.apiKey))).toEqual([]);
    expect(codes(await app.gql(`mutation { revokeApiKey(id: "nope") { id } }`, {}, a.token))).toEqual(["BAD_USER_INPUT"]);
  });
});
