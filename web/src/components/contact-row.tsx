"use client";

import Link from "next/link";
import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { formatFullTimestamp, formatTimestamp } from "@/lib/format";
import { displayName, formatPhoneNumber } from "@/lib/phone";

export const ContactRowFragment = graphql(`
  fragment ContactRow_contact on Contact {
    id
    name
    phoneNumbers
    company
    lastActivityAt
    unreadCount
    lastMessage {
      at
      direction
      preview
    }
  }
`);

export function ContactRow(props: { contact: FragmentType<typeof ContactRowFragment> }) {
  const contact = getFragmentData(ContactRowFragment, props.contact);
  const mainNumber = contact.phoneNumbers[0];
  return (
    <li>
      <Link href={`/contacts/${encodeURIComponent(contact.id)}`} className="contact-row">
        <span className="avatar" aria-hidden="true">
          {initials(contact.name)}
        </span>
        <span className="contact-row__main">
          <span className="contact-row__name">
            {displayName(contact.name)}
            {contact.unreadCount > 0 && (
              <span className="badge" aria-label={`${contact.unreadCount} unread`}>
                {contact.unreadCount}
              </span>
            )}
          </span>
          <span className="contact-row__meta">
            {mainNumber ? formatPhoneNumber(mainNumber) : "No number"}
            {contact.company ? ` · ${contact.company}` : ""}
          </span>
          {contact.lastMessage && (
            <span className="contact-row__preview">
              {contact.lastMessage.direction === "OUTBOUND" ? "You: " : ""}
              {contact.lastMessage.preview}
            </span>
          )}
        </span>
        <time className="contact-row__time" dateTime={contact.lastActivityAt} title={formatFullTimestamp(contact.lastActivityAt)}>
          {formatTimestamp(contact.lastActivityAt)}
        </time>
      </Link>
    </li>
  );
}

export function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w.charAt(0)))
    .map((w) => w.charAt(0).toUpperCase());
  if (letters.length === 0) return "#";
  return letters.length === 1 ? letters[0] : letters[0] + letters[letters.length - 1];
}
