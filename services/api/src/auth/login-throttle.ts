/**
 * Slows password guessing: after 10 failed sign-ins for one email within 15 minutes, that email is refused for the
 * rest of the window. Kept in memory, per API instance: with N replicas an attacker gets at most N× the budget,
 * which still turns guessing into a crawl; a shared store (Redis) is the next step if that is not enough.
 */
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60 * 1000;
const MAX_TRACKED = 100_000;

const failures = new Map<string, { count: number; since: number }>();

/** Seconds until `email` may try again, or 0. */
export function loginBlockedFor(email: string, now = Date.now()): number {
  const entry = failures.get(email);
  if (!entry || now - entry.since > WINDOW_MS) return 0;
  return entry.count >= MAX_FAILURES ? Math.ceil((entry.since + WINDOW_MS - now) / 1000) : 0;
}

export function recordLoginFailure(email: string, now = Date.now()): void {
  const entry = failures.get(email);
  if (!entry || now - entry.since > WINDOW_MS) {
    if (failures.size >= MAX_TRACKED) failures.delete(failures.keys().next().value!);
    failures.set(email, { count: 1, since: now });
  } else entry.count++;
}

export function clearLoginFailures(email: string): void {
  failures.delete(email);
}
