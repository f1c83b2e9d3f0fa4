"use client";

import Link from "next/link";
import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { displayName, formatPhoneNumber } from "@/lib/phone";
import { formatWhen, humanize } from "@/lib/format";
import { Avatar, initials } from "@/ui/avatar";
import { ClockIcon } from "@/ui/icons";
import { Timestamp } from "@/ui/timestamp";

export const ConversationRowFragment = graphql(`
  fragment ConversationRow_contact on Contact {
    id
    name
    phoneNumbers
    lastActivityAt
    unreadCount
    smsOptedOut
    status
    nextScheduledSmsAt
    assignee {
      id
      name
    }
    lastMessage {
      at
      direction
      preview
    }
  }
`);

/** One conversation of the inbox: who, the last message (and which way it went), when, and how many are unread. */
export function ConversationRow(props: {
  contact: FragmentType<typeof ConversationRowFragment>;
  selected: boolean;
  /** Ticked for a bulk action. */
  checked: boolean;
  onCheck: (checked: boolean) => void;
}) {
  const contact = getFragmentData(ConversationRowFragment, props.contact);
  const last = contact.lastMessage;
  const at = last?.at ?? contact.lastActivityAt;
  const unread = contact.unreadCount > 0;
  const showNumber = contact.phoneNumbers[0] && contact.name !== contact.phoneNumbers[0];
  const name = displayName(contact.name);
  return (
    <li className={`conversation-item${props.checked ? " conversation-item--checked" : ""}`}>
      <input
        type="checkbox"
        className="conversation-item__check"
        aria-label={`Select the conversation with ${name}`}
        checked={props.checked}
        onChange={(event) => props.onCheck(event.target.checked)}
      />
      <Link
        href={`/inbox/${encodeURIComponent(contact.id)}`}
        className={`conversation${unread ? " conversation--unread" : ""}`}
        aria-current={props.selected ? "page" : undefined}
      >
        <Avatar name={contact.name} />
        <span className="conversation__main">
          <span className="conversation__top">
            <span className="conversation__name">{name}</span>
            <Timestamp className="conversation__time" iso={at} />
          </span>
          {showNumber && <span className="conversation__number">{formatPhoneNumber(contact.phoneNumbers[0])}</span>}
          <span className="conversation__bottom">
            <span className="conversation__preview">
              {last ? (
                <>
                  <span className={`direction direction--${last.direction === "INBOUND" ? "in" : "out"}`} aria-hidden="true">
                    {last.direction === "INBOUND" ? "↙" : "↗"}
                  </span>
                  <span className="visually-hidden">{last.direction === "INBOUND" ? "Received: " : "Sent: "}</span>
                  {last.direction === "OUTBOUND" ? "You: " : ""}
                  {last.preview}
                </>
              ) : (
                <span className="muted">No messages yet</span>
              )}
            </span>
            {contact.nextScheduledSmsAt && (
              <span className="scheduled-chip" title={`An SMS is scheduled for ${formatWhen(contact.nextScheduledSmsAt)}`}>
                <ClockIcon size={14} />
                <span className="visually-hidden">SMS scheduled for {formatWhen(contact.nextScheduledSmsAt)}</span>
              </span>
            )}
            {contact.status !== "OPEN" && (
              <span className={`status-chip status-chip--${contact.status.toLowerCase()}`}>{humanize(contact.status)}</span>
            )}
            {contact.assignee && (
              <span className="assignee-chip" title={`Assigned to ${contact.assignee.name}`}>
                <span aria-hidden="true">{initials(contact.assignee.name)}</span>
                <span className="visually-hidden">Assigned to {contact.assignee.name}</span>
              </span>
            )}
            {unread && (
              <span className="badge" aria-label={`${contact.unreadCount} unread`}>
                {contact.unreadCount}
              </span>
            )}
          </span>
        </span>
      </Link>
    </li>
  );
}
