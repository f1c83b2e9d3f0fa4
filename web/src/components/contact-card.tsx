"use client";

import { getFragmentData, graphql, type FragmentType } from "@/gql";
import { initials } from "./contact-row";

export const ContactCardFragment = graphql(`
  fragment ContactCard_contact on Contact {
    id
    name
    phoneNumbers
    email
    company
    smsOptedOut
  }
`);

/** The contact's details. */
export function ContactCard(props: { contact: FragmentType<typeof ContactCardFragment>; headingId: string }) {
  const contact = getFragmentData(ContactCardFragment, props.contact);
  return (
    <section className="panel contact-card" aria-labelledby={props.headingId}>
      <div className="contact-card__header">
        <span className="avatar avatar--large" aria-hidden="true">
          {initials(contact.name)}
        </span>
        <div>
          <h1 id={props.headingId} className="contact-card__name">
            {contact.name}
          </h1>
          {contact.company && <p className="contact-card__company">{contact.company}</p>}
        </div>
      </div>
      <dl className="details">
        <div>
          <dt>{contact.phoneNumbers.length > 1 ? "Phone numbers" : "Phone number"}</dt>
          <dd>
            {contact.phoneNumbers.length === 0 ? (
              <span className="muted">None</span>
            ) : (
              <ul className="plain-list">
                {contact.phoneNumbers.map((number, i) => (
                  <li key={number}>
                    <a href={`tel:${number}`}>{number}</a>
                    {i === 0 && contact.phoneNumbers.length > 1 && <span className="tag">main</span>}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : <span className="muted">None</span>}</dd>
        </div>
        <div>
          <dt>Company</dt>
          <dd>{contact.company ?? <span className="muted">None</span>}</dd>
        </div>
      </dl>
      {contact.smsOptedOut && (
        <p className="notice notice--warning">This customer replied STOP: no SMS can be sent until they reply START.</p>
      )}
    </section>
  );
}
