import { ApolloLink } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { createClient } from "graphql-ws";
import { API_URL } from "@/lib/api-url";
import { toWebSocketUrl } from "@/lib/format";
import { bearer } from "./link";
import { setLiveStatus } from "./live-status";
import { getToken, subscribeToken } from "./token";

/** Waits between reconnection attempts: 0.5 s, 1 s, 2 s, then every 5 s (with jitter) while the API is away. */
export function retryDelayMs(retries: number, random = Math.random()): number {
  return Math.min(500 * 2 ** retries, 5_000) + Math.floor(random * 500);
}

const SUBSCRIBED_AFTER_MS = 300;

/**
 * Subscriptions over graphql-ws (loaded with the first subscription, see link.ts). Browser only: Node 20 (server
 * rendering) has no global WebSocket. After an API restart (or a network drop) the socket comes back by itself,
 * re-subscribes, and `onReconnected` runs so that what happened meanwhile is fetched again (events are not replayed);
 * it also runs after the first connection, for what happened between the page's first queries and its subscriptions.
 */
export function createWebSocketLink(onReconnected: () => void): ApolloLink {
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
