import type { Metadata } from "next";
import { ContactView } from "@/features/contacts/contact-view";

export const metadata: Metadata = { title: "Conversation" };

export default async function InboxConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ContactView id={id} back={{ href: "/inbox", label: "Inbox" }} />;
}
