"use client";

import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useEffect, useId, useState } from "react";
import { graphql } from "@/gql";
import { errorMessage } from "@/lib/errors";
import { SearchIcon } from "./icons";
import { ContactRow } from "./contact-row";
import { LoadMore } from "./load-more";

const ContactsDirectoryQuery = graphql(`
  query ContactsDirectory($search: String, $after: String) {
    contacts(search: $search, first: 30, after: $after) {
      edges {
        node {
          id
          ...ContactRow_contact
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** Every contact by last activity, with a search by name, email, company, or a number typed in any format. */
export function ContactsDirectory() {
  const searchId = useId();
  const [term, setTerm] = useState("");
  const search = useDebouncedValue(term.trim(), 250);
  const { data, previousData, error, networkStatus, fetchMore } = useQuery(ContactsDirectoryQuery, {
    variables: { search: search || null },
    fetchPolicy: "cache-and-network",
    notifyOnNetworkStatusChange: true,
  });
  // While a new search loads, keep showing the last results rather than flashing an empty list.
  const contacts = (data ?? previousData)?.contacts;
  const searching = networkStatus === NetworkStatus.loading || networkStatus === NetworkStatus.setVariables;
  const loadingMore = networkStatus === NetworkStatus.fetchMore;

  return (
    <div className="page">
      <section className="panel contact-list" aria-labelledby={`${searchId}-title`}>
        <div className="panel__header">
          <h1 id={`${searchId}-title`} className="panel__title">
            Contacts
          </h1>
          <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
            <label htmlFor={searchId} className="visually-hidden">
              Search contacts
            </label>
            <SearchIcon className="search__icon" size={18} />
            <input
              id={searchId}
              type="search"
              className="input search__input"
              placeholder="Search by name or number, e.g. (514) 630-0808"
              value={term}
              onChange={(e) => setTerm(e.target.value)}
              autoComplete="off"
            />
          </form>
        </div>

        {error && !contacts && (
          <p className="notice notice--error" role="alert">
            {errorMessage(error)}
          </p>
        )}
        {!contacts && !error && (
          <p className="page-status" role="status">
            Loading contacts…
          </p>
        )}
        {contacts && (
          <div aria-busy={searching}>
            <p className="visually-hidden" role="status">
              {searching
                ? "Searching…"
                : search
                  ? `${contacts.edges.length}${contacts.pageInfo.hasNextPage ? "+" : ""} contacts match “${search}”.`
                  : ""}
            </p>
            {contacts.edges.length === 0 ? (
              <p className="empty">{search ? `No contact matches “${search}”.` : "No contacts yet."}</p>
            ) : (
              <ul className="contact-rows">
                {contacts.edges.map(({ node }) => (
                  <ContactRow key={node.id} contact={node} />
                ))}
              </ul>
            )}
            {contacts.pageInfo.hasNextPage && (
              <LoadMore
                label="More contacts"
                loading={loadingMore}
                onLoad={() => fetchMore({ variables: { after: contacts.pageInfo.endCursor } }).catch(() => {})}
              />
            )}
          </div>
        )}
      </section>
    </div>
  );
}
