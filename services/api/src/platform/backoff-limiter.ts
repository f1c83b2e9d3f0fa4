import { Redis } from "ioredis";
import type { Logger } from "./logger.js";

/**
 * Counts attempts per key and slows them down exponentially once a key has used its free budget: with budget B and
 * n attempts counted, the next one must wait min(2^(n−B) s, maxDelay) after the last. Nothing is ever locked for good:
 * a key's record expires `idleMs` after its last attempt.
 *
 * An attempt is counted when it is allowed, before the caller does the work (verifying a password), and on every key
 * at once or on none: parallel attempts each take a place, so the budget holds however many arrive together. A caller
 * that learns the attempt was legitimate gives places back (`forgive`) or clears a key (`clear`).
 *
 * With REDIS_URL the counters live in Redis (one Lua script per attempt: atomic across replicas); otherwise in memory.
 */
interface BackoffRule {
  key: string;
  /** Attempts allowed without delay. */
  budget: number;
}

type BackoffVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface BackoffLimiter {
  attempt(rules: BackoffRule[], now?: number): Promise<BackoffVerdict>;
  /** Gives one counted attempt back on each key (never below zero). */
  forgive(keys: string[]): Promise<void>;
  clear(keys: string[]): Promise<void>;
  close(): Promise<void>;
}

export interface BackoffOptions {
  maxDelayMs: number;
  idleMs: number;
  /** Namespaces the keys: deployments (and test databases) sharing one Redis do not share counters. */
  prefix: string;
}

/** The delay before the next attempt on a key with `count` attempts counted, 0 within the budget. */
export function backoffDelayMs(count: number, budget: number, maxDelayMs: number): number {
  return count < budget ? 0 : Math.min(2 ** (count - budget) * 1000, maxDelayMs);
}

export function createBackoffLimiter(opts: BackoffOptions & { redisUrl?: string; logger?: Logger }): BackoffLimiter {
  return opts.redisUrl ? redisLimiter(opts.redisUrl, opts, opts.logger) : memoryLimiter(opts);
}

const MAX_MEMORY_KEYS = 100_000;

function memoryLimiter(opts: BackoffOptions): BackoffLimiter {
  const records = new Map<string, { count: number; last: number }>();
  const live = (key: string, now: number) => {
    const r = records.get(key);
    if (r && now - r.last > opts.idleMs) records.delete(key);
    return r && now - r.last <= opts.idleMs ? r : undefined;
  };
  return {
    async attempt(rules, now = Date.now()) {
      let wait = 0;
      for (const { key, budget } of rules) {
        const r = live(key, now);
        if (r) wait = Math.max(wait, r.last + backoffDelayMs(r.count, budget, opts.maxDelayMs) - now);
      }
      if (wait > 0) return { allowed: false, retryAfterMs: wait };
      for (const { key } of rules) {
        const r = live(key, now);
        if (r) {
          r.count++;
          r.last = now;
        } else {
          // Bounded: the oldest record goes first (an attacker spraying keys cannot grow memory without limit).
          if (records.size >= MAX_MEMORY_KEYS) records.delete(records.keys().next().value!);
          records.set(key, { count: 1, last: now });
        }
      }
      return { allowed: true };
    },
    async forgive(keys) {
      for (const key of keys) {
        const r = records.get(key);
        if (r) r.count = Math.max(0, r.count - 1);
      }
    },
    async clear(keys) {
      for (const key of keys) records.delete(key);
    },
    async close() {},
  };
}

/**
 * KEYS: the rules' keys; ARGV: now, maxDelayMs, idleMs, then each rule's budget. Returns the wait in ms (0: counted).
 * The delay formula is backoffDelayMs's.
 */
const ATTEMPT_SCRIPT = `
local now, maxDelay, idle = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local wait = 0
for i, key in ipairs(KEYS) do
  local r = redis.call('HMGET', key, 'c', 't')
  local count, last = tonumber(r[1] or '0'), tonumber(r[2] or '0')
  local budget = tonumber(ARGV[3 + i])
  if count >= budget then
    local delay = math.min(2 ^ (count - budget) * 1000, maxDelay)
    wait = math.max(wait, last + delay - now)
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  redis.call('HINCRBY', key, 'c', 1)
  redis.call('HSET', key, 't', now)
  redis.call('PEXPIRE', key, idle)
end
return 0
`;

const FORGIVE_SCRIPT = `
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('HGET', key, 'c') or '0') > 0 then redis.call('HINCRBY', key, 'c', -1) end
end
return 0
`;

function redisLimiter(url: string, opts: BackoffOptions, logger?: Logger): BackoffLimiter {
  const client = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
  client.on("error", (err) => logger?.warn({ err, role: "backoff-limiter" }, "redis connection error"));
  const keys = (list: string[]) => list.map((k) => `${opts.prefix}${k}`);
  return {
    async attempt(rules, now = Date.now()) {
      const wait = Number(
        await client.eval(
          ATTEMPT_SCRIPT,
          rules.length,
          ...keys(rules.map((r) => r.key)),
          now,
          opts.maxDelayMs,
          opts.idleMs,
          ...rules.map((r) => r.budget),
        ),
      );
      return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
    },
    async forgive(list) {
      if (list.length) await client.eval(FORGIVE_SCRIPT, list.length, ...keys(list));
    },
    async clear(list) {
      if (list.length) await client.del(...keys(list));
    },
    async close() {
      await client.quit().catch(() => {});
    },
  };
}
