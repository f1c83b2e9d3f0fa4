import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { BackoffLimiter } from "../platform/backoff-limiter.js";

/**
 * How sign-in resists guessing without handing attackers a way to lock agents out.
 *
 * Every attempt is counted before the password is checked, on several keys at once: the email, the client's IP
 * (as Express reports it: X-Forwarded-For only from TRUST_PROXY's proxies) and, once the email is known, its account.
 * Within a key's budget attempts are free; past it each one waits twice as long as the last (1 s, 2 s, 4 s … up to
 * 15 minutes). A successful sign-in gives its places back and clears the email's count.
 *
 * A browser that has signed in as an agent before carries a signed device cookie for that email. Its attempts are
 * counted on that device alone: an attacker hammering the email from elsewhere slows the attacker, not the agent at
 * her usual desk (OWASP's "device cookies").
 */
export const LOGIN_BUDGET = { email: 5, ip: 20, account: 50, device: 5 } as const;
export const LOGIN_MAX_DELAY_MS = 15 * 60 * 1000;
/** A key's count is forgotten this long after its last attempt. */
export const LOGIN_IDLE_MS = 15 * 60 * 1000;

export const DEVICE_COOKIE = "td_device";
export const DEVICE_TTL_SECONDS = 365 * 24 * 60 * 60;

export interface LoginClient {
  ip?: string;
  /** The td_device cookie, if the client sent one. */
  device?: string;
}

const sign = (secret: string, email: string, id: string) => createHmac("sha256", secret).update(`device:${email}:${id}`).digest("base64url");

/** A new device cookie value for `email`: a random id and its signature. */
export function issueDeviceToken(secret: string, email: string): string {
  const id = randomBytes(16).toString("base64url");
  return `${id}.${sign(secret, email, id)}`;
}

/** The device id when `token` was issued by this server for `email`; undefined otherwise. */
function knownDevice(secret: string, email: string, token: string | undefined): string | undefined {
  const [id, mac, extra] = (token ?? "").split(".");
  if (!id || !mac || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(secret, email, id));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}

export class LoginThrottle {
  constructor(
    private readonly limiter: BackoffLimiter,
    private readonly secret: string,
  ) {}

  /**
   * Counts an attempt for `email` from `client`. Returns the keys it was counted on, or how long to wait. Call
   * `account` once the email's account is known (an unknown email has none), then `succeeded` or nothing.
   */
  async begin(email: string, client: LoginClient): Promise<LoginAttempt | { retryAfterMs: number }> {
    const device = knownDevice(this.secret, email, client.device);
    const rules = device
      ? [{ key: `login:device:${device}`, budget: LOGIN_BUDGET.device }]
      : [
          { key: `login:email:${email}`, budget: LOGIN_BUDGET.email },
          ...(client.ip ? [{ key: `login:ip:${client.ip}`, budget: LOGIN_BUDGET.ip }] : []),
        ];
    const verdict = await this.limiter.attempt(rules);
    if (!verdict.allowed) return { retryAfterMs: verdict.retryAfterMs };
    return new LoginAttempt(
      this.limiter,
      rules.map((r) => r.key),
      device !== undefined,
    );
  }
}

export class LoginAttempt {
  constructor(
    private readonly limiter: BackoffLimiter,
    private readonly keys: string[],
    /** A known device's attempt is not counted against its account. */
    readonly fromKnownDevice: boolean,
  ) {}

  /** Counts the attempt on the account of the email tried as well; or how long to wait. */
  async account(accountId: string): Promise<{ retryAfterMs: number } | undefined> {
    if (this.fromKnownDevice) return undefined;
    const key = `login:account:${accountId}`;
    const verdict = await this.limiter.attempt([{ key, budget: LOGIN_BUDGET.account }]);
    if (!verdict.allowed) return { retryAfterMs: verdict.retryAfterMs };
    this.keys.push(key);
    return undefined;
  }

  /** The right password: the places taken are given back, and the email's (or device's) count starts again. */
  async succeeded(): Promise<void> {
    const cleared = this.keys.filter((k) => k.startsWith("login:email:") || k.startsWith("login:device:"));
    await this.limiter.clear(cleared);
    await this.limiter.forgive(this.keys.filter((k) => !cleared.includes(k)));
  }
}
