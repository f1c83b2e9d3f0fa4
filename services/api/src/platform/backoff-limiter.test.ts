import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { REDIS_URL, redisAnswers } from "../../test/redis.js";
import { backoffDelayMs, createBackoffLimiter, type BackoffLimiter } from "./backoff-limiter.js";

const OPTS = { maxDelayMs: 15 * 60_000, idleMs: 15 * 60_000 };
const limiters: [string, () => BackoffLimiter][] = [["in memory", () => createBackoffLimiter({ ...OPTS, prefix: "" })]];
if (redisAnswers) limiters.push(["in Redis", () => createBackoffLimiter({ ...OPTS, redisUrl: REDIS_URL, prefix: `test:${randomUUID()}:` })]);

describe.each(limiters)("the back-off limiter %s", (_name, make) => {
  const limiter = make();
  afterAll(() => limiter.close());

  it("allows the budget, then doubles the wait after the last attempt, up to the cap; an idle key starts again", async () => {
    const rule = [{ key: `k:${randomUUID()}`, budget: 3 }];
    const t0 = 1_000_000_000_000;
    for (let i = 0; i < 3; i++) expect(await limiter.attempt(rule, t0)).toEqual({ allowed: true });
    expect(await limiter.attempt(rule, t0 + 10)).toEqual({ allowed: false, retryAfterMs: 990 });
    expect(await limiter.attempt(rule, t0 + 1000)).toEqual({ allowed: true });
    expect(await limiter.attempt(rule, t0 + 2999)).toEqual({ allowed: false, retryAfterMs: 1 });
    expect(await limiter.attempt(rule, t0 + 3000)).toEqual({ allowed: true });
    expect(await limiter.attempt(rule, t0 + 3000)).toEqual({ allowed: false, retryAfterMs: 4000 });
    // Refused attempts are not counted: hammering does not make the wait grow.
    for (let i = 0; i < 20; i++) await limiter.attempt(rule, t0 + 3001);
    expect(await limiter.attempt(rule, t0 + 7000)).toEqual({ allowed: true });
    // Idle longer than idleMs: forgotten.
    expect(await limiter.attempt(rule, t0 + 7000 + OPTS.idleMs + 1)).toEqual({ allowed: true });
    expect(backoffDelayMs(40, 3, OPTS.maxDelayMs)).toBe(OPTS.maxDelayMs);
  });

  it("counts parallel attempts one by one: 50 at once, exactly the budget allowed", async () => {
    const rule = [{ key: `k:${randomUUID()}`, budget: 5 }];
    const verdicts = await Promise.all(Array.from({ length: 50 }, () => limiter.attempt(rule)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
  });

  it("counts on every key or on none, and gives places back", async () => {
    const a = { key: `a:${randomUUID()}`, budget: 1 };
    const b = { key: `b:${randomUUID()}`, budget: 2 };
    const t0 = 2_000_000_000_000;
    expect(await limiter.attempt([a, b], t0)).toEqual({ allowed: true });
    // a is over its budget: b is not counted either.
    expect((await limiter.attempt([a, b], t0)).allowed).toBe(false);
    expect(await limiter.attempt([b], t0)).toEqual({ allowed: true });
    expect((await limiter.attempt([b], t0)).allowed).toBe(false);
    await limiter.forgive([b.key]);
    expect(await limiter.attempt([b], t0)).toEqual({ allowed: true });
    await limiter.clear([a.key]);
    expect(await limiter.attempt([a], t0)).toEqual({ allowed: true });
  });
});
