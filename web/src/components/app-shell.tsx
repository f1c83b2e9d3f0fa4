"use client";

import { useQuery } from "@apollo/client/react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { graphql } from "@/gql";
import { errorMessage } from "@/lib/errors";
import { RequireSession } from "./require-session";
import { ViewerMenu } from "./viewer-menu";

const AppShellQuery = graphql(`
  query AppShell {
    me {
      ...ViewerMenu_viewer
    }
  }
`);

/** The agent console's frame: navigation on the left (on top on phones), who is signed in, then the page. */
export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="sidebar__brand" aria-label="Talkdesk SMS">
          <span className="sidebar__logo" aria-hidden="true">
            td
          </span>
          <span className="sidebar__product">SMS</span>
        </div>
        <Nav />
      </aside>
      <div className="workspace">
        <RequireSession>
          <TopBar />
          <main id="main" className="content">
            {children}
          </main>
        </RequireSession>
      </div>
    </div>
  );
}

function Nav() {
  const pathname = usePathname();
  const contactsActive = pathname === "/" || pathname.startsWith("/contacts");
  return (
    <nav className="nav" aria-label="Main">
      <ul>
        <li>
          <span className="nav__item nav__item--disabled" aria-disabled="true" title="Coming soon">
            Inbox
          </span>
        </li>
        <li>
          <Link href="/" className="nav__item" aria-current={contactsActive ? "page" : undefined}>
            Contacts
          </Link>
        </li>
      </ul>
    </nav>
  );
}

function TopBar() {
  const { data, error } = useQuery(AppShellQuery);
  return (
    <header className="topbar">
      {data ? (
        <ViewerMenu viewer={data.me} />
      ) : error ? (
        <span className="topbar__error" role="alert">
          {errorMessage(error)}
        </span>
      ) : (
        <span className="topbar__loading" aria-hidden="true" />
      )}
    </header>
  );
}
