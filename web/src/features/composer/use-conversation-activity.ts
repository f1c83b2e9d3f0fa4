"use client";

import { useMutation, useSubscription } from "@apollo/client/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { graphql } from "@/gql";

const ReportTypingMutation = graphql(`
  mutation ReportTyping($contactId: ID!, $typing: Boolean!) {
    reportTyping(contactId: $contactId, typing: $typing)
  }
`);

const ConversationActivitySubscription = graphql(`
  subscription ConversationActivity($contactId: ID!) {
    conversationActivity(contactId: $contactId) {
      kind
      at
      expiresAt
      agent {
        id
        name
      }
    }
  }
`);

/** How often a typing agent says so again (the API keeps "typing" a few seconds past each report). */
const REPORT_EVERY_MS = 2_000;
/** A colleague's reply this recent makes the agent confirm before sending hers. */
const RECENT_REPLY_MS = 30_000;

interface Typing {
  name: string;
  until: number;
}

/**
 * Who else is working in this conversation: the other agents typing in its composer now ("Ben is replying…"), and
 * the last reply another agent sent (for "Ben replied 12 s ago" before sending); and the reports of this agent's own
 * typing, at most every 2 s while the text is not empty, "stopped" when it empties, is sent or the composer closes.
 */
export function useConversationActivity(contactId: string | null) {
  const [typing, setTyping] = useState<Record<string, Typing>>({});
  const [lastReply, setLastReply] = useState<{ name: string; at: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useSubscription(ConversationActivitySubscription, {
    skip: !contactId,
    variables: { contactId: contactId ?? "" },
    onData: ({ data }) => {
      const activity = data.data?.conversationActivity;
      if (!activity) return;
      const agentId = activity.agent?.id ?? "someone";
      const name = activity.agent?.name ?? "Another agent";
      setNow(Date.now());
      setTyping((current) => {
        const { [agentId]: _gone, ...others } = current;
        if (activity.kind !== "TYPING") return others;
        const until = activity.expiresAt ? Date.parse(activity.expiresAt) : Date.now() + 5_000;
        return { ...others, [agentId]: { name, until } };
      });
      if (activity.kind === "SENT") setLastReply({ name, at: Date.parse(activity.at) });
    },
  });

  // While someone types, look again every second: a report not renewed expires.
  const anyoneTyping = Object.keys(typing).length > 0;
  useEffect(() => {
    if (!anyoneTyping) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [anyoneTyping]);

  const [report] = useMutation(ReportTypingMutation);
  const lastReport = useRef(0);
  const send = useCallback(
    (typingNow: boolean) => {
      if (!contactId) return;
      report({ variables: { contactId, typing: typingNow } }).catch(() => {}); // best effort: it only informs others
    },
    [contactId, report],
  );
  const stopped = useCallback(() => {
    if (!lastReport.current) return;
    lastReport.current = 0;
    send(false);
  }, [send]);
  const changed = useCallback(
    (text: string) => {
      if (text.trim() === "") return stopped();
      if (Date.now() - lastReport.current < REPORT_EVERY_MS) return;
      lastReport.current = Date.now();
      send(true);
    },
    [send, stopped],
  );
  useEffect(() => stopped, [stopped]);

  const replying = Object.values(typing)
    .filter((t) => t.until > now)
    .map((t) => t.name);
  const recentReply = lastReply && now - lastReply.at < RECENT_REPLY_MS ? lastReply : null;
  return { replying, recentReply, changed, stopped };
}

/** "Ben is replying…", "Ben and Ana are replying…". */
export function replyingSentence(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `${who} ${names.length === 1 ? "is" : "are"} replying…`;
}
