"use client";

import { ApolloClient } from "@apollo/client";
import { ApolloProvider } from "@apollo/client/react";
import type { ReactNode } from "react";
import { createCache } from "./cache";
import { createLink } from "./link";

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
