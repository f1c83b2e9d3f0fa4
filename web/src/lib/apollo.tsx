"use client";

import { ApolloClient, ApolloLink, HttpLink } from "@apollo/client";
import { SetContextLink } from "@apollo/client/link/context";
import { ErrorLink } from "@apollo/client/link/error";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { ApolloProvider } from "@apollo/client/react";
import { getMainDefinition } from "@apollo/client/utilities";
import { Kind, OperationTypeNode } from "graphql";
import { createClient } from "graphql-ws";
import { useSyncExternalStore, type ReactNode } from "react";
import { createCache } from "./cache";
import { hasErrorCode } from "./errors";
import { toWebSocketUrl } from "./format";
import { clearToken, getToken, subscribeToken } from "./session";

/** The GraphQL endpoint (HTTP); subscriptions use the same URL over ws(s). */
export const API_URL = process.env.NEXT_PUBLIC_API_URL || "http://localhost:4000/graphql";

const bearer = (token: string) => `Bearer ${token}`;

/** Where live updates stand: "connecting" before the first connection, "live", or "reconnecting" after a drop. */
export type LiveStatus = "idle" | "connecting" | "live" | "reconnecting";

let liveStatus: LiveStatus = "idle";
const liveListeners = new Set<() => void>();
function setLiveStatus(status: LiveStatus) {
  if (status === liveStatus) return;
  liveStatus = status;
  for (const listener of liveListeners) listener();
}

/** The WebSocket's state as React state, for the "Reconnecting…" indicator. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (listener) => {
      liveListeners.add(listener);
      return () => liveListeners.delete(listener);
    },
    () => liveStatus,
    () => "idle" as const,
  );
}

/** Waits between reconnection attempts: 0.5 s, 1 s, 2 s, then every 5 s (with jitter) while the API is away. */
export function retryDelayMs(retries: number, random = Math.random()): number {
  return Math.min(500 * 2 ** retries, 5_000) + Math.floor(random * 500);
}

/**
 * Subscriptions over graphql-ws. Browser only: Node 20 (server rendering) has no global WebSocket.
 * After an API restart (or a network drop) the socket comes back by itself, re-subscribes, and `onReconnected` runs
 * so that what happened meanwhile is fetched again (events are not replayed); it also runs after the first
 * connection, for what happened between the page's first queries and its subscriptions.
 */
const SUBSCRIBED_AFTER_MS = 300;

function createWebSocketLink(onReconnected: () => void): ApolloLink {
  let dropped = false;
  const client = createClient({
    url: () => toWebSocketUrl(API_URL, window.location.href),
    // Read at every (re)connection, so a new sign-in is picked up.
    connectionParams: () => {
      const token = getToken();
      return token ? { authorization: bearer(token) } : {};
    },
    lazy: true, // connect on the first subscription, close after the last one
    keepAlive: 10_000, // pings find a dead connection (a laptop waking up) within seconds
    retryAttempts: Infinity,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries))),
    // The API closes with 4403 when the socket has no valid credentials: retrying would not help.
    shouldRetry: (event) => !(typeof event === "object" && event !== null && (event as { code?: number }).code === 4403),
    on: {
      connecting: () => setLiveStatus(dropped ? "reconnecting" : "connecting"),
      connected: () => {
        setLiveStatus("live");
        // Events are not replayed: what happened before the subscriptions were in place (after the page's first
        // queries, or while the socket was down) is fetched again once they are (the server registers them just
        // after the connection is acknowledged, hence the short wait).
        setTimeout(onReconnected, SUBSCRIBED_AFTER_MS);
        dropped = false;
      },
      closed: (event) => {
        // 1000: closed on purpose (the last subscription ended, sign-out); anything else is a drop.
        const code = typeof event === "object" && event !== null ? (event as { code?: number }).code : undefined;
        if (code === 1000 || code === 4499) {
          setLiveStatus("idle");
        } else {
          dropped = true;
          setLiveStatus("reconnecting");
        }
      },
    },
  });
  // Signing in or out changes who the socket speaks for: drop it; it reconnects with the new token if still needed.
  subscribeToken(() => {
    dropped = false;
    client.terminate();
  });
  return new GraphQLWsLink(client);
}

function isSubscription({ query }: ApolloLink.Operation): boolean {
  const definition = getMainDefinition(query);
  return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
}

function createLink(onReconnected: () => void): ApolloLink {
  const httpLink = new HttpLink({ uri: API_URL, credentials: "include" });

  const authLink = new SetContextLink(({ headers }) => {
    const token = getToken();
    return token ? { headers: { ...headers, authorization: bearer(token) } } : {};
  });

  // A token the API no longer accepts (expired, agent deleted) signs the browser out; pages then go to /login.
  // Only when the refused request carried the current token, so a late answer cannot drop a newer session.
  const sessionLink = new ErrorLink(({ error, operation }) => {
    if (!hasErrorCode(error, "UNAUTHENTICATED")) return;
    const sent = (operation.getContext().headers as Record<string, string> | undefined)?.authorization;
    const token = getToken();
    if (sent && token && sent === bearer(token)) clearToken();
  });

  const http = ApolloLink.from([sessionLink, authLink, httpLink]);
  if (typeof window === "undefined") return http;
  return ApolloLink.split(isSubscription, createWebSocketLink(onReconnected), http);
}

function createApolloClient() {
  const client: ApolloClient = new ApolloClient({
    // Back from a drop: whatever is on screen is fetched again, as events sent meanwhile were lost.
    link: createLink(() => void client.refetchQueries({ include: "active" }).catch(() => {})),
    cache: createCache(),
  });
  return client;
}

let browserClient: ApolloClient | undefined;

/** One client for the browser's lifetime; a fresh one per server render (never shared between requests). */
function getApolloClient(): ApolloClient {
  if (typeof window === "undefined") return createApolloClient();
  return (browserClient ??= createApolloClient());
}

export function ApolloWrapper({ children }: { children: ReactNode }) {
  return <ApolloProvider client={getApolloClient()}>{children}</ApolloProvider>;
}
