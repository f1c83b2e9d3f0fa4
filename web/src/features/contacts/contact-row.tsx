"use client";

import Link from "next/link";
import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { displayName, formatPhoneNumber } from "@/lib/phone";
import { Avatar } from "@/ui/avatar";
import { Timestamp } from "@/ui/timestamp";

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
        <Avatar name={contact.name} />
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
        <Timestamp className="contact-row__time" iso={contact.lastActivityAt} />
      </Link>
    </li>
  );
}
