import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "./auth.service.js";
import { codes, createTenant, startTestApp, type GraphQLResponse, type TestApp } from "../../test/helpers.js";
import { REDIS_URL, redisAnswers, skippedWithoutRedis } from "../../test/redis.js";
import { LOGIN_BUDGET } from "./login-throttle.js";

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
const WRONG = "The email or the password is wrong.";

/** A sign-in as a browser sends it: from `ip` (as a trusted proxy reports it) with the cookies it holds. */
async function signIn(app: TestApp, email: string, password: string, client: { ip?: string; cookie?: string } = {}) {
  const res = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(client.ip ? { "x-forwarded-for": client.ip } : {}),
      ...(client.cookie ? { cookie: client.cookie } : {}),
    },
    body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
  });
  const body = (await res.json()) as GraphQLResponse;
  const device = res.headers.getSetCookie().find((c) => c.startsWith("td_device="));
  return { body, device: device?.split(";")[0] };
}

const outcome = (r: { body: GraphQLResponse }) => (r.body.errors ? (r.body.errors[0].extensions?.code as string) : "OK");

describe("sign-in throttling behind a trusted proxy (TRUST_PROXY=loopback)", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename, config: { TRUST_PROXY: "loopback" } });
  });
  afterAll(() => app.close());

  it("counts each guess before checking it: of 60 parallel guesses only the email's budget is checked, the rest wait", async () => {
    const victim = await createTenant("Parallel");
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn(app, victim.agent.email, `guess-${i}`, { ip: `198.51.100.${i}` })));
    const checked = results.filter((r) => r.body.errors?.[0].message === WRONG);
    const waited = results.filter((r) => outcome(r) === "RATE_LIMITED");
    expect(checked).toHaveLength(LOGIN_BUDGET.email);
    expect(waited).toHaveLength(60 - LOGIN_BUDGET.email);
    expect(waited[0].body.errors![0]).toMatchObject({
      message: expect.stringMatching(/^Too many sign-in attempts: try again in \d+ seconds\.$/),
      extensions: { code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) },
    });
    // Even the right password waits now, from a browser that never signed in as this agent.
    expect(outcome(await signIn(app, victim.agent.email, victim.password, { ip: "198.51.100.200" }))).toBe("RATE_LIMITED");
  });

  it("lets the agent in from a browser that signed in before, while an attacker has the email throttled", async () => {
    const victim = await createTenant("Known device");
    const first = await signIn(app, victim.agent.email, victim.password, { ip: "203.0.113.7" });
    expect(outcome(first)).toBe("OK");
    expect(first.device).toMatch(/^td_device=[\w-]+\.[\w-]+$/);

    for (let i = 0; i < 30; i++) await signIn(app, victim.agent.email, `attack-${i}`, { ip: `192.0.2.${i}` });
    expect(outcome(await signIn(app, victim.agent.email, victim.password, { ip: "192.0.2.99" }))).toBe("RATE_LIMITED");
    // Her browser's device cookie: her own budget, untouched by the attack.
    expect(outcome(await signIn(app, victim.agent.email, victim.password, { ip: "203.0.113.7", cookie: first.device }))).toBe("OK");
    // A device cookie is for its email only, and cannot be forged.
    const other = await createTenant("Other");
    for (let i = 0; i < LOGIN_BUDGET.email; i++) await signIn(app, other.agent.email, `x-${i}`, { ip: "192.0.2.150" });
    for (const cookie of [first.device!, "td_device=abc.def", `${first.device!.slice(0, -2)}xx`]) {
      expect(outcome(await signIn(app, other.agent.email, other.password, { ip: "192.0.2.151", cookie })), cookie).toBe("RATE_LIMITED");
    }
    // A stolen device cookie buys only that device's budget.
    const stolen = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(app, victim.agent.email, `g-${i}`, { cookie: first.device })));
    expect(stolen.filter((r) => r.body.errors?.[0].message === WRONG)).toHaveLength(LOGIN_BUDGET.device);
  });

  it("throttles one client address across emails, and one account across its agents and addresses", async () => {
    const emails = Array.from({ length: LOGIN_BUDGET.ip + 5 }, (_, i) => `sprayed-${i}@example.com`);
    const sprayed = [];
    for (const email of emails) sprayed.push(outcome(await signIn(app, email, "Winter2026!", { ip: "198.18.0.1" })));
    expect(sprayed.filter((o) => o === "UNAUTHENTICATED")).toHaveLength(LOGIN_BUDGET.ip);
    expect(sprayed.slice(LOGIN_BUDGET.ip)).toEqual(Array(5).fill("RATE_LIMITED"));
    // Another address is not affected.
    expect(outcome(await signIn(app, "someone@example.com", "x", { ip: "198.18.0.2" }))).toBe("UNAUTHENTICATED");

    const tenant = await createTenant("Stuffed");
    const agents = [tenant.agent];
    for (let i = 0; agents.length * (LOGIN_BUDGET.email - 1) <= LOGIN_BUDGET.account; i++) {
      agents.push(
        await createAgent({ accountId: tenant.accountId, email: `stuffed-${i}.${tenant.accountId}@example.com`, password: "p4ssword-p4ssword" }),
      );
    }
    // Each email stays under its own budget, from a new address each time: only the account's budget can stop this.
    let n = 0;
    const results = [];
    for (const agent of agents) {
      for (let i = 0; i < LOGIN_BUDGET.email - 1; i++)
        results.push(outcome(await signIn(app, agent.email, `guess-${i}`, { ip: `10.9.${n >> 8}.${n++ & 255}` })));
    }
    expect(results.filter((o) => o === "UNAUTHENTICATED")).toHaveLength(LOGIN_BUDGET.account);
    expect(results.at(-1)).toBe("RATE_LIMITED");
  });

  it("gives a successful sign-in's places back: a team behind one office address signs in all morning", async () => {
    const tenant = await createTenant("Office");
    for (let i = 0; i < LOGIN_BUDGET.ip * 2; i++) {
      expect(outcome(await signIn(app, tenant.agent.email, tenant.password, { ip: "100.64.0.1" }))).toBe("OK");
    }
  });
});

describe("sign-in throttling with no proxy configured", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
  });
  afterAll(() => app.close());

  it("does not believe X-Forwarded-For: a new forged address per guess does not buy a new budget", async () => {
    const results = [];
    for (let i = 0; i < LOGIN_BUDGET.ip + 3; i++) results.push(outcome(await signIn(app, `forged-${i}@example.com`, "x", { ip: `203.0.113.${i}` })));
    expect(results.slice(LOGIN_BUDGET.ip)).toEqual(Array(3).fill("RATE_LIMITED"));
  });
});

describe.skipIf(!redisAnswers)(skippedWithoutRedis("sign-in throttling across replicas (Redis)"), () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await startTestApp({ file: import.meta.filename, config: { REDIS_URL, TRUST_PROXY: "loopback" } });
    second = await startTestApp({ file: import.meta.filename, config: { REDIS_URL, TRUST_PROXY: "loopback" } });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it("shares the counters: guesses spread over two replicas get one budget", async () => {
    const victim = await createTenant("Replicas");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn(i % 2 ? first : second, victim.agent.email, `guess-${i}`, { ip: `198.51.100.${i}` })),
    );
    expect(results.filter((r) => r.body.errors?.[0].message === WRONG)).toHaveLength(LOGIN_BUDGET.email);
    expect(codes((await signIn(first, victim.agent.email, victim.password, { ip: "198.51.100.99" })).body)).toEqual(["RATE_LIMITED"]);
  });
});
