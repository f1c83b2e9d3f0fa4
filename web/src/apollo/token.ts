import { useSyncExternalStore } from "react";

/** localStorage key of the agent's API token (the value of `login { token }`). */
const TOKEN_KEY = "td_token";

const listeners = new Set<() => void>();

/** Why the token was last cleared: "signed-out" by the agent, or "expired" (refused by the API). */
let lastClearReason: "signed-out" | "expired" | null = null;

function emit() {
  for (const listener of listeners) listener();
}

function onStorage(event: StorageEvent) {
  // Another tab signed in or out.
  if (event.key === TOKEN_KEY || event.key === null) emit();
}

/** The stored token, or null (also on the server, where there is no localStorage). */
export function getToken(): string | null {
  if (typeof window === "undefined") return null;
  try {
    return window.localStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage disabled (privacy mode)
  }
}

export function setToken(token: string): void {
  lastClearReason = null;
  window.localStorage.setItem(TOKEN_KEY, token);
  emit();
}

export function clearToken(reason: "signed-out" | "expired" = "expired"): void {
  lastClearReason = reason;
  try {
    window.localStorage.removeItem(TOKEN_KEY);
  } catch {
    /* nothing stored */
  }
  emit();
}

/** True when this tab's agent signed out on purpose: the next sign-in should not return to the page they left. */
export function signedOutOnPurpose(): boolean {
  return lastClearReason === "signed-out";
}

/** Calls `listener` whenever the token changes, in this tab or another one. Returns the unsubscribe function. */
export function subscribeToken(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener("storage", onStorage);
  };
}

/**
 * The token as React state: a string when signed in, null when signed out, and undefined while it cannot be known
 * yet (server render and hydration), so that nothing is rendered or fetched before the browser has been asked.
 */
export function useToken(): string | null | undefined {
  return useSyncExternalStore<string | null | undefined>(subscribeToken, getToken, () => undefined);
}
