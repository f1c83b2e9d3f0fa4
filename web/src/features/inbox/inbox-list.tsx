"use client";

import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { DesktopNotificationsButton } from "@/features/notifications/desktop-notifications";
import { getFragmentData, graphql } from "@/gql";
import type { ConversationFilter } from "@/gql/graphql";
import { formatCount } from "@/lib/format";
import { isTypingTarget } from "@/lib/keys";
import { ConnectionList } from "@/ui/connection-list";
import { BulkActions } from "./bulk-actions";
import { ConversationRow, ConversationRowFragment } from "./conversation-row";

const InboxQuery = graphql(`
  query Inbox($after: String, $filter: ConversationFilter) {
    conversations(first: 30, after: $after, filter: $filter) {
      edges {
        node {
          id
          ...ConversationRow_contact
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const InboxCountsQuery = graphql(`
  query InboxCounts {
    conversationCounts {
      mine
      unassigned
      open
      pending
      resolved
    }
  }
`);

type Counts = { mine: number; unassigned: number; open: number; pending: number; resolved: number };
/** The API counts each tab up to this (conversationCounts): as many or more. */
const COUNT_CAP = 1000;

/** The inbox's tabs: the agent's queue, the team's unclaimed work, everything in progress, and what is done. */
type TabId = "mine" | "unassigned" | "all" | "resolved";
interface InboxTab {
  id: TabId;
  label: string;
  filter: ConversationFilter;
  count: (c: Counts) => number;
}

const INBOX_TABS: readonly InboxTab[] = [
  { id: "mine", label: "Mine", filter: { assignee: "ME", status: ["OPEN"] }, count: (c: Counts) => c.mine },
  { id: "unassigned", label: "Unassigned", filter: { assignee: "UNASSIGNED", status: ["OPEN"] }, count: (c: Counts) => c.unassigned },
  { id: "all", label: "All", filter: { status: ["OPEN", "PENDING"] }, count: (c: Counts) => Math.min(c.open + c.pending, COUNT_CAP) },
  { id: "resolved", label: "Resolved", filter: { status: ["RESOLVED"] }, count: (c: Counts) => c.resolved },
];

/**
 * SMS conversations by last activity, newest first, live: `LiveUpdates` moves a contact to the top (or adds it) when
 * a message comes or goes. The API's `conversations` lists only contacts with a message or a voicemail.
 */
export function InboxList({ selectedId }: { selectedId: string | null }) {
  const titleId = useId();
  const [tabId, setTabId] = useState<TabId>("all");
  const tab = INBOX_TABS.find((t) => t.id === tabId) ?? INBOX_TABS[2];
  const counts = useQuery(InboxCountsQuery, { fetchPolicy: "cache-and-network" }).data?.conversationCounts;
  const { data, error, networkStatus, fetchMore } = useQuery(InboxQuery, {
    variables: { filter: tab.filter },
    fetchPolicy: "cache-and-network",
    notifyOnNetworkStatusChange: true,
  });
  const contacts = data?.conversations;
  // A conversation row needs a message to show; a contact that just opted out without writing has none yet.
  const conversations = (contacts?.edges ?? [])
    .map(({ node }) => node)
    .filter((node) => getFragmentData(ConversationRowFragment, node).lastMessage !== null);
  const loadingMore = networkStatus === NetworkStatus.fetchMore;
  // The bulk selection: of the tab's rows (a row that leaves the tab leaves the selection); a new tab starts empty.
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const selected = conversations.map((node) => node.id).filter((id) => checked.has(id));
  const showTab = (id: TabId) => {
    setTabId(id);
    setChecked(new Set());
  };
  const toggle = (id: string, on: boolean) =>
    setChecked((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  // Keys: j / k open the next / previous conversation of the tab (outside text fields).
  const router = useRouter();
  const order = useRef<string[]>([]);
  order.current = conversations.map((node) => node.id);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || (event.key !== "j" && event.key !== "k") || isTypingTarget(event.target)) return;
      const ids = order.current;
      if (ids.length === 0) return;
      const at = selectedId ? ids.indexOf(selectedId) : -1;
      const next = event.key === "j" ? Math.min(at + 1, ids.length - 1) : Math.max(at - 1, 0);
      if (ids[next] && ids[next] !== selectedId) router.push(`/inbox/${encodeURIComponent(ids[next])}`);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, selectedId]);

  return (
    <section className="inbox" aria-labelledby={titleId}>
      <div className="pane-header">
        <h1 id={titleId} className="pane-header__title">
          Inbox
        </h1>
        <DesktopNotificationsButton />
      </div>
      <div className="inbox-tabs" role="tablist" aria-label="Inbox views">
        {INBOX_TABS.map((t) => (
          <button key={t.id} type="button" role="tab" className="inbox-tabs__tab" aria-selected={t.id === tab.id} onClick={() => showTab(t.id)}>
            {t.label}
            {counts && <span className="inbox-tabs__count">{formatCount(t.count(counts), COUNT_CAP)}</span>}
          </button>
        ))}
      </div>
      {selected.length > 0 && (
        <BulkActions
          selected={selected}
          shown={conversations.length}
          resolvedTab={tab.id === "resolved"}
          onSelectAll={(all) => setChecked(new Set(all ? conversations.map((node) => node.id) : []))}
          onDone={() => setChecked(new Set())}
        />
      )}
      <ConnectionList
        className="inbox__scroll"
        connection={contacts}
        error={error}
        loadingText="Loading conversations…"
        nodes={conversations}
        empty={
          <div className="empty">
            <p className="empty__title">{tab.id === "all" ? "No conversations yet" : `Nothing in ${tab.label}`}</p>
            <p>
              {tab.id === "all"
                ? "When a customer texts one of your numbers, the conversation shows up here."
                : "Conversations move here as they are assigned and resolved."}
            </p>
          </div>
        }
        renderRows={(nodes) => (
          <ul className="conversations" aria-label="Conversations">
            {nodes.map((node) => (
              <ConversationRow
                key={node.id}
                contact={node}
                selected={node.id === selectedId}
                checked={checked.has(node.id)}
                onCheck={(on) => toggle(node.id, on)}
              />
            ))}
          </ul>
        )}
        moreLabel="Older conversations"
        loadingMore={loadingMore}
        onLoadMore={(after) => fetchMore({ variables: { after, filter: tab.filter } })}
      />
    </section>
  );
}
