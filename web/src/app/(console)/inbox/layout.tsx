import type { Metadata } from "next";
import type { ReactNode } from "react";
import { InboxLayout } from "@/features/inbox/inbox-layout";

export const metadata: Metadata = { title: "Inbox" };

/** The inbox beside the open conversation (stacked on phones: one or the other). */
export default function Layout({ children }: { children: ReactNode }) {
  return <InboxLayout>{children}</InboxLayout>;
}
