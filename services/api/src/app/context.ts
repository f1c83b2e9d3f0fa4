import type { Context } from "../platform/context.js";
import { Loaders } from "../platform/loaders.js";

/**
 * Every request's and every subscription's context: the caller, the platform's services and a fresh set of loaders
 * scoped to the caller's account. `cache: false` for subscriptions: their context lives as long as the socket, and
 * each event must read fresh documents (a contact's unread count changes between events); batching still applies
 * within an event.
 */
export function buildContext(base: Omit<Context, "loaders">, opts: { cache?: boolean } = {}): Context {
  return { ...base, loaders: new Loaders(base.viewer?.accountId, opts.cache ?? true) };
}
