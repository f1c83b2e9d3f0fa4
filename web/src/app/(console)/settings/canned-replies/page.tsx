import type { Metadata } from "next";
import { CannedRepliesManager } from "@/features/canned-replies/canned-replies-manager";

export const metadata: Metadata = { title: "Canned replies" };

/** Where the team manages its canned replies (linked from the navigation). */
export default function CannedRepliesPage() {
  return <CannedRepliesManager />;
}
