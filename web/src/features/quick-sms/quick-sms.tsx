"use client";

import { useMutation, useQuery } from "@apollo/client/react";
import Link from "next/link";
import { useCallback, useId, useRef, useState } from "react";
import { errorMessage } from "@/apollo/errors";
import { Composer } from "@/features/composer/composer";
import { useContactTimeline } from "@/features/contacts/use-contact-timeline";
import { Timeline } from "@/features/timeline/timeline";
import { graphql } from "@/gql";
import { displayName, formatPhoneNumber, isSameNumber, looksLikePhoneNumber } from "@/lib/phone";
import { Field } from "@/ui/field";
import { useDebouncedValue } from "@/ui/use-debounced-value";
import { ErrorNotice } from "@/ui/error-notice";

const SmsLookupQuery = graphql(`
  query SmsLookup($search: String!) {
    contacts(search: $search, first: 10) {
      edges {
        node {
          id
          name
          phoneNumbers
        }
      }
    }
  }
`);

const CreateSmsContactMutation = graphql(`
  mutation CreateSmsContact($input: CreateContactInput!) {
    createContact(input: $input) {
      id
      name
      phoneNumbers
      smsOptedOut
    }
  }
`);

/**
 * The simplest way to text someone: a number (in any format), a message, and the live list of messages to and from
 * that number. The contact is found by its number, or created on the first Send.
 */
export function QuickSms() {
  const id = useId();
  const [number, setNumber] = useState("");
  const [created, setCreated] = useState<{ number: string; id: string; name: string } | null>(null);
  const typed = useDebouncedValue(number.trim(), 300);
  const valid = looksLikePhoneNumber(typed);
  const lookup = useQuery(SmsLookupQuery, { variables: { search: typed }, skip: !valid, fetchPolicy: "cache-and-network" });
  const [createContact] = useMutation(CreateSmsContactMutation);

  const found =
    (valid ? lookup.data?.contacts.edges.find(({ node }) => node.phoneNumbers.some((n) => isSameNumber(typed, n)))?.node : undefined) ??
    (created && created.number === typed ? created : undefined);
  const contactId = found?.id ?? null;
  const settled = number.trim() === typed && (!valid || Boolean(lookup.data) || Boolean(contactId));

  // The thread shows once the first message is stored (onSettled), so its first page already holds it.
  const createdContacts = useRef(new Map<string, { id: string; name: string }>());
  const resolveContactId = useCallback(async () => {
    const known = createdContacts.current.get(typed);
    if (known) return known.id;
    const { data } = await createContact({ variables: { input: { phoneNumbers: [typed] } } });
    if (!data) throw new Error("The contact could not be created.");
    createdContacts.current.set(typed, data.createContact);
    return data.createContact.id;
  }, [createContact, typed]);
  const onSettled = useCallback(
    (contactId: string) => setCreated({ number: typed, id: contactId, name: createdContacts.current.get(typed)?.name ?? typed }),
    [typed],
  );

  const blockedReason = !number.trim()
    ? "Type the phone number to text first."
    : !looksLikePhoneNumber(number)
      ? "That does not look like a phone number yet."
      : !settled
        ? "Looking up this number…"
        : null;

  return (
    <div className="page page--full">
      <section className="quick-sms" aria-labelledby={`${id}-title`}>
        <div className="quick-sms__head">
          <h1 id={`${id}-title`} className="pane-header__title">
            Text a number
          </h1>
          <Field label="Phone number" className="quick-sms__to">
            {(inputId) => (
              <>
                <input
                  id={inputId}
                  className="input"
                  type="tel"
                  inputMode="tel"
                  autoComplete="off"
                  placeholder="e.g. (514) 630-0808 or +44 20 7946 0958"
                  value={number}
                  onChange={(event) => setNumber(event.target.value)}
                  aria-describedby={`${id}-who`}
                />
                <p id={`${id}-who`} className="quick-sms__who" role="status">
                  {!valid || !settled ? (
                    " "
                  ) : found ? (
                    <>
                      Conversation with <Link href={`/contacts/${encodeURIComponent(found.id)}`}>{displayName(found.name)}</Link>
                    </>
                  ) : lookup.error ? (
                    errorMessage(lookup.error)
                  ) : (
                    <>No one has this number yet: sending creates a contact for it.</>
                  )}
                </p>
              </>
            )}
          </Field>
        </div>
        {contactId ? (
          <SmsThread contactId={contactId} />
        ) : (
          <>
            <div className="timeline timeline--placeholder">
              <p className="timeline__empty">
                {valid && settled ? `No messages with ${typed} yet.` : "Messages to and from the number show here, live."}
              </p>
            </div>
            <Composer
              contactId={null}
              contactName={valid ? typed : "this number"}
              optedOut={false}
              blockedReason={blockedReason}
              resolveContactId={resolveContactId}
              onSettled={onSettled}
            />
          </>
        )}
      </section>
    </div>
  );
}

function SmsThread({ contactId }: { contactId: string }) {
  const { contact, error, timeline } = useContactTimeline(contactId, ["SMS"]);
  if (!contact || !timeline) {
    return (
      <div className="timeline timeline--placeholder">
        {error ? (
          <ErrorNotice error={error} />
        ) : (
          <p className="page-status" role="status">
            Loading messages…
          </p>
        )}
      </div>
    );
  }
  const number = contact.phoneNumbers[0];
  const name = displayName(contact.name);
  return (
    <>
      <Timeline
        key={contactId}
        {...timeline}
        contactName={name}
        label={`SMS with ${name}${number && number !== contact.name ? ` (${formatPhoneNumber(number)})` : ""}`}
        emptyText={`No messages with ${name} yet.`}
      />
      <Composer contactId={contact.id} contactName={name} customerName={contact.name} optedOut={contact.smsOptedOut} />
    </>
  );
}
