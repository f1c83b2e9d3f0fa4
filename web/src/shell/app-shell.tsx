"use client";

import { useQuery } from "@apollo/client/react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import { errorMessage } from "@/apollo/errors";
import { useLiveStatus } from "@/apollo/live-status";
import { LiveInbox } from "@/features/inbox/live-inbox";
import { RequireSession } from "@/features/session/require-session";
import { ViewerMenu } from "@/features/session/viewer-menu";
import { graphql } from "@/gql";
import { CannedIcon, ContactsIcon, DeviceIcon, InboxIcon, MenuIcon, MessageIcon } from "@/ui/icons";
import { ToastProvider } from "@/ui/toasts";

/**
 * The customer phone (development only) is its own chunk, never in a page's first load: it is fetched only when the
 * API says its Twilio simulator runs (a production API never does), as soon as that is known.
 */
const loadCustomerPhone = () => import("@/features/dev-phone/customer-phone-panel");
const CustomerPhonePanel = lazy(() => loadCustomerPhone().then((m) => ({ default: m.CustomerPhonePanel })));

const AppShellQuery = graphql(`
  query AppShell {
    me {
      ...ViewerMenu_viewer
    }
    serverInfo {
      simulator
    }
  }
`);

const NAV = [
  { href: "/inbox", label: "Inbox", Icon: InboxIcon, match: (p: string) => p === "/" || p.startsWith("/inbox") },
  { href: "/contacts", label: "Contacts", Icon: ContactsIcon, match: (p: string) => p.startsWith("/contacts") },
  { href: "/sms", label: "Text a number", Icon: MessageIcon, match: (p: string) => p.startsWith("/sms") },
  { href: "/settings/canned-replies", label: "Canned replies", Icon: CannedIcon, match: (p: string) => p.startsWith("/settings/canned-replies") },
];

/**
 * The agent console's frame, in Talkdesk's layout: a dark rail of apps on the left (a menu on phones), a top bar with
 * who is signed in, then the page. Live events and notifications run here, for every page.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname() ?? "/";
  const [navOpen, setNavOpen] = useState(false);
  // Moving to another page closes the phone menu.
  useEffect(() => setNavOpen(false), [pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="rail">
        <div className="rail__top">
          <Link href="/inbox" className="rail__brand">
            <span className="rail__logo" aria-hidden="true">
              td
            </span>
            <span className="visually-hidden">Talkdesk </span>
            <span className="rail__product">SMS</span>
          </Link>
          <button type="button" className="rail__menu" aria-expanded={navOpen} aria-controls="main-nav" onClick={() => setNavOpen((open) => !open)}>
            <MenuIcon />
            <span className="visually-hidden">Menu</span>
          </button>
        </div>
        <nav id="main-nav" className="nav" aria-label="Main" data-open={navOpen}>
          <ul>
            {NAV.map(({ href, label, Icon, match }) => (
              <li key={href}>
                <Link href={href} className="nav__item" aria-current={match(pathname) ? "page" : undefined}>
                  <Icon size={22} />
                  <span className="nav__label">{label}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="workspace">
        <RequireSession>
          <ToastProvider>
            <LiveInbox />
            <Console>{children}</Console>
          </ToastProvider>
        </RequireSession>
      </div>
    </div>
  );
}

function Console({ children }: { children: ReactNode }) {
  const { data, error } = useQuery(AppShellQuery);
  const [phoneOpen, setPhoneOpen] = useState(false);
  const simulator = data?.serverInfo.simulator ?? false;
  useEffect(() => {
    if (simulator) void loadCustomerPhone();
  }, [simulator]);
  return (
    <>
      <header className="topbar">
        <LiveStatus />
        <div className="topbar__end">
          {simulator && (
            <button
              type="button"
              className="button button--quiet topbar__phone"
              aria-expanded={phoneOpen}
              aria-controls="customer-phone"
              onClick={() => setPhoneOpen((open) => !open)}
            >
              <DeviceIcon size={18} />
              <span>Customer phone</span>
              <span className="tag tag--dev">dev</span>
            </button>
          )}
          {data ? (
            <ViewerMenu viewer={data.me} />
          ) : error ? (
            <span className="topbar__error" role="alert">
              {errorMessage(error)}
            </span>
          ) : (
            <span className="topbar__loading" aria-hidden="true" />
          )}
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
      {simulator && phoneOpen && (
        <Suspense fallback={null}>
          <CustomerPhonePanel id="customer-phone" onClose={() => setPhoneOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

/** Says so when live updates are interrupted (the API restarted, the network dropped) until they are back. */
function LiveStatus() {
  const status = useLiveStatus();
  return (
    <p className="live-status" role="status" data-status={status}>
      {status === "reconnecting" ? (
        <>
          <span className="live-status__dot" aria-hidden="true" />
          Reconnecting… live updates are paused
        </>
      ) : status === "live" ? (
        <>
          <span className="live-status__dot" aria-hidden="true" />
          <span className="live-status__label">Live</span>
        </>
      ) : null}
    </p>
  );
}
