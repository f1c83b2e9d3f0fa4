"use client";

import { useQuery } from "@apollo/client/react";
import { graphql } from "@/gql";

const TeamQuery = graphql(`
  query Team {
    agents {
      id
      name
    }
  }
`);

/** The account's agents by name: whom a conversation can be given to. Empty while loading. */
export function useTeam(): readonly { id: string; name: string }[] {
  return useQuery(TeamQuery).data?.agents ?? [];
}

/** The `<option>`s of an assignee picker: every agent (you marked as such), after the picker's own first options. */
export function AgentOptions(props: { team: readonly { id: string; name: string }[]; viewerId: string | null }) {
  return props.team.map((agent) => (
    <option key={agent.id} value={agent.id}>
      {agent.id === props.viewerId ? `${agent.name} (you)` : agent.name}
    </option>
  ));
}
