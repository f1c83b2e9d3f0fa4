import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
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

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so that Next puts that request's CSP nonce (src/proxy.ts) on its scripts.
  await connection();
  return (
    <html lang="en">
      <body>
        <ApolloWrapper>{children}</ApolloWrapper>
      </body>
    </html>
  );
}
