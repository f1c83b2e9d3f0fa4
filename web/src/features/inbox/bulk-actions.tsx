"use client";

import { useApolloClient, useMutation } from "@apollo/client/react";
import { graphql } from "@/gql";
import { useViewerId } from "@/features/session/use-viewer-id";
import { ErrorNotice } from "@/ui/error-notice";
import { CloseIcon } from "@/ui/icons";
import { placeContactInLists } from "./inbox-cache";
import { AgentOptions, useTeam } from "./team";

const AssignConversationsMutation = graphql(`
  mutation AssignConversations($contactIds: [ID!]!, $agentId: ID) {
    assignConversations(contactIds: $contactIds, agentId: $agentId) {
      id
      ...ContactHeader_contact
      ...ConversationRow_contact
    }
  }
`);

const SetConversationsStatusMutation = graphql(`
  mutation SetConversationsStatus($contactIds: [ID!]!, $status: ConversationStatus!) {
    setConversationsStatus(contactIds: $contactIds, status: $status) {
      id
      ...ContactHeader_contact
      ...ConversationRow_contact
    }
  }
`);

/**
 * What the agent can do with the conversations ticked in the list: take them, give them to someone (or nobody),
 * resolve them (reopen, in the Resolved tab). One request for all of them; the rows move to their tabs at once.
 */
export function BulkActions(props: {
  selected: readonly string[];
  shown: number;
  resolvedTab: boolean;
  onSelectAll: (all: boolean) => void;
  onDone: () => void;
}) {
  const client = useApolloClient();
  const viewerId = useViewerId();
  const team = useTeam();
  const done = (contacts: readonly { id: string }[]) => {
    for (const { id } of contacts) placeContactInLists(client.cache, id, viewerId);
    void client.refetchQueries({ include: ["InboxCounts"] });
    props.onDone();
  };
  const [assign, assigning] = useMutation(AssignConversationsMutation, { onCompleted: (data) => done(data.assignConversations) });
  const [setStatus, setting] = useMutation(SetConversationsStatusMutation, { onCompleted: (data) => done(data.setConversationsStatus) });
  const busy = assigning.loading || setting.loading;
  const contactIds = [...props.selected];
  const n = props.selected.length;
  const all = n === props.shown;
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Selected conversations">
      <input
        type="checkbox"
        className="bulk-bar__all"
        aria-label={all ? "Unselect all" : `Select all ${props.shown} conversations shown`}
        checked={all}
        onChange={(event) => props.onSelectAll(event.target.checked)}
      />
      <span className="bulk-bar__count" aria-live="polite">
        {n} selected
      </span>
      {viewerId && (
        <button
          type="button"
          className="button button--quiet"
          disabled={busy}
          onClick={() => void assign({ variables: { contactIds, agentId: viewerId } })}
        >
          Assign to me
        </button>
      )}
      {team.length > 1 && (
        <select
          className="select select--quiet"
          aria-label="Assign selected to"
          value="choose"
          disabled={busy}
          onChange={(event) => void assign({ variables: { contactIds, agentId: event.target.value || null } })}
        >
          <option value="choose" disabled>
            Assign to…
          </option>
          <option value="">Nobody (unassigned)</option>
          <AgentOptions team={team} viewerId={viewerId} />
        </select>
      )}
      <button
        type="button"
        className="button button--quiet"
        disabled={busy}
        onClick={() => void setStatus({ variables: { contactIds, status: props.resolvedTab ? "OPEN" : "RESOLVED" } })}
      >
        {props.resolvedTab ? "Reopen" : "Resolve"}
      </button>
      <button
        type="button"
        className="button button--quiet bulk-bar__clear"
        aria-label="Clear the selection"
        title="Clear the selection"
        onClick={() => props.onSelectAll(false)}
      >
        <CloseIcon size={14} />
      </button>
      <ErrorNotice error={assigning.error ?? setting.error} />
    </div>
  );
}
