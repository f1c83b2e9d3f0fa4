import { ApolloLink } from "@apollo/client";
import { SetContextLink } from "@apollo/client/link/context";
import { ErrorLink } from "@apollo/client/link/error";
import { BaseHttpLink } from "@apollo/client/link/http";
import { getMainDefinition } from "@apollo/client/utilities";
import { Kind, OperationTypeNode } from "graphql";
import { Observable, type Subscription } from "rxjs";
import { API_URL } from "@/lib/api-url";
import { hasErrorCode } from "./errors";
import { clearToken, getToken } from "./token";

export const bearer = (token: string) => `Bearer ${token}`;

function isSubscription({ query }: ApolloLink.Operation): boolean {
  const definition = getMainDefinition(query);
  return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
}

/**
 * The WebSocket link, fetched with the first subscription rather than with the page: graphql-ws is not needed to show
 * anything, and every page's first load is lighter without it.
 */
function lazyWebSocketLink(onReconnected: () => void): ApolloLink {
  let link: Promise<ApolloLink> | undefined;
  return new ApolloLink(
    (operation, forward) =>
      new Observable<ApolloLink.Result>((observer) => {
        let subscription: Subscription | undefined;
        let closed = false;
        (link ??= import("./ws-link").then((m) => m.createWebSocketLink(onReconnected))).then(
          (ws) => {
            if (!closed) subscription = ws.request(operation, forward).subscribe(observer);
          },
          (error: unknown) => observer.error(error),
        );
        return () => {
          closed = true;
          subscription?.unsubscribe();
        };
      }),
  );
}

/** HTTP for queries and mutations, with the agent's token; subscriptions over WebSocket (in the browser). */
export function createLink(onReconnected: () => void): ApolloLink {
  // BaseHttpLink: HttpLink without client awareness (a client name and version for Apollo's tooling; the API has none).
  const httpLink = new BaseHttpLink({ uri: API_URL, credentials: "include" });

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
  return ApolloLink.split(isSubscription, lazyWebSocketLink(onReconnected), http);
}
