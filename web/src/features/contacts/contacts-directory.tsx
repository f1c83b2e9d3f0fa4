"use client";

import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useId, useState } from "react";
import { graphql } from "@/gql";
import { ConnectionList } from "@/ui/connection-list";
import { SearchIcon } from "@/ui/icons";
import { useDebouncedValue } from "@/ui/use-debounced-value";
import { ContactRow } from "./contact-row";

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

        <ConnectionList
          connection={contacts}
          error={error}
          loadingText="Loading contacts…"
          busy={searching}
          header={
            <p className="visually-hidden" role="status">
              {searching
                ? "Searching…"
                : search && contacts
                  ? `${contacts.edges.length}${contacts.pageInfo.hasNextPage ? "+" : ""} contacts match “${search}”.`
                  : ""}
            </p>
          }
          empty={<p className="empty">{search ? `No contact matches “${search}”.` : "No contacts yet."}</p>}
          renderRows={(nodes) => (
            <ul className="contact-rows">
              {nodes.map((node) => (
                <ContactRow key={node.id} contact={node} />
              ))}
            </ul>
          )}
          moreLabel="More contacts"
          loadingMore={loadingMore}
          onLoadMore={(after) => fetchMore({ variables: { after } })}
        />
      </section>
    </div>
  );
}
