import type { Metadata } from "next";
import { ContactView } from "@/features/contacts/contact-view";

export const metadata: Metadata = { title: "Contact" };

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <div className="page page--full">
      <ContactView id={id} back={{ href: "/contacts", label: "Contacts" }} />
    </div>
  );
}
