"use client";

import { useQuery } from "@apollo/client/react";
import { graphql } from "@/gql";

/** The account's canned replies by title: the composer's lists and the management page read the same cached list. */
export const CannedRepliesQuery = graphql(`
  query CannedReplies {
    cannedReplies {
      id
      title
      body
      shortcut
      variables
      updatedAt
      createdBy {
        id
        name
      }
    }
  }
`);

/** The account's canned replies (empty while loading), whether they are still loading, and why they failed. */
export function useCannedReplies(options: { fetchPolicy?: "cache-first" | "cache-and-network" } = {}) {
  const { data, error, loading } = useQuery(CannedRepliesQuery, { fetchPolicy: options.fetchPolicy ?? "cache-first" });
  return { replies: data?.cannedReplies ?? [], loading: loading && !data, error };
}
