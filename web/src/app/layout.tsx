import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { ApolloWrapper } from "@/apollo/provider";
// Inter, self-hosted from npm (no font CDN): the same type on every agent's machine.
import "@fontsource-variable/inter";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Talkdesk SMS", template: "%s · Talkdesk SMS" },
  description: "Contacts and their timeline of calls, voicemails, notes and SMS.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#2b1a5a",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <ApolloWrapper>{children}</ApolloWrapper>
      </body>
    </html>
  );
}
