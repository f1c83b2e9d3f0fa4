import type { Metadata } from "next";
import { ContactList } from "@/components/contact-list";

export const metadata: Metadata = { title: "Contacts" };

export default function HomePage() {
  return <ContactList />;
}
