"use client";

import { useQuery } from "@apollo/client/react";
import { graphql } from "@/gql";

const ViewerIdQuery = graphql(`
  query ViewerId {
    me {
      agent {
        id
      }
    }
  }
`);

/** The signed-in agent's id (null while unknown, or for an API key): for "mine" and "assign to me". */
export function useViewerId(): string | null {
  return useQuery(ViewerIdQuery).data?.me?.agent?.id ?? null;
}
