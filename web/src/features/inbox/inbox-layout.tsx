"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { InboxList } from "./inbox-list";

/** Two panes: the conversations, and the open one. On phones only one shows at a time (the list, or the contact). */
export function InboxLayout({ children }: { children: ReactNode }) {
  const pathname = usePathname() ?? "";
  const match = /^\/inbox\/([^/]+)/.exec(pathname);
  const selectedId = match ? decodeURIComponent(match[1]) : null;
  return (
    <div className="inbox-layout" data-selected={selectedId ? "true" : "false"}>
      <div className="inbox-layout__list">
        <InboxList selectedId={selectedId} />
      </div>
      <div className="inbox-layout__detail">{children}</div>
    </div>
  );
}
