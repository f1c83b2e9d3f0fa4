import type { Metadata } from "next";
import { ContactsDirectory } from "@/features/contacts/contacts-directory";

export const metadata: Metadata = { title: "Contacts" };

export default function ContactsPage() {
  return <ContactsDirectory />;
}
