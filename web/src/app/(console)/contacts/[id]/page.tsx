import type { Metadata } from "next";
import { ContactScreen } from "@/components/contact-screen";

export const metadata: Metadata = { title: "Contact" };

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ContactScreen id={id} />;
}
