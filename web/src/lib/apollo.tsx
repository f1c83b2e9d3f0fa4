"use client";

import { ApolloClient, ApolloLink, HttpLink } from "@apollo/client";
import { SetContextLink } from "@apollo/client/link/context";
import { ErrorLink } from "@apollo/client/link/error";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { ApolloProvider } from "@apollo/client/react";
import { getMainDefinition } from "@apollo/client/utilities";
import { Kind, OperationTypeNode } from "graphql";
import { createClient } from "graphql-ws";
import type { ReactNode } from "react";
import { createCache } from "./cache";
import { hasErrorCode } from "./errors";
import { toWebSocketUrl } from "./format";
import { clearToken, getToken, subscribeToken } from "./session";

/** The GraphQL endpoint (HTTP); subscriptions use the same URL over ws(s). */
export const API_URL = process.env.NEXT_PUBLIC_API_URL || "http://localhost:4000/graphql";

const bearer = (token: string) => `Bearer ${token}`;

/** Subscriptions over graphql-ws. Browser only: Node 20 (server rendering) has no global WebSocket. */
function createWebSocketLink(): ApolloLink {
  const client = createClient({
    url: () => toWebSocketUrl(API_URL, window.location.href),
    // Read at every (re)connection, so a new sign-in is picked up.
    connectionParams: () => {
      const token = getToken();
      return token ? { authorization: bearer(token) } : {};
    },
    lazy: true, // connect on the first subscription, close after the last one
    retryAttempts: Infinity,
    // The API closes with 4403 when the socket has no valid credentials: retrying would not help.
    shouldRetry: (event) => !(typeof event === "object" && event !== null && (event as { code?: number }).code === 4403),
  });
  // Signing in or out changes who the socket speaks for: drop it; it reconnects with the new token if still needed.
  subscribeToken(() => client.terminate());
  return new GraphQLWsLink(client);
}

function isSubscription({ query }: ApolloLink.Operation): boolean {
  const definition = getMainDefinition(query);
  return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
}

function createLink(): ApolloLink {
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
  return ApolloLink.split(isSubscription, createWebSocketLink(), http);
}

function createApolloClient() {
  return new ApolloClient({ link: createLink(), cache: createCache() });
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
