import type { Metadata } from "next";
import { ContactsDirectory } from "@/components/contacts-directory";

export const metadata: Metadata = { title: "Contacts" };

export default function ContactsPage() {
  return <ContactsDirectory />;
}
