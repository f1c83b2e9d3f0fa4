import { NextResponse, type NextRequest } from "next/server";
import { API_URL } from "@/lib/api-url";
import { contentSecurityPolicy, newNonce } from "@/lib/security-headers";

/**
 * Every page gets a Content-Security-Policy with a nonce of its own. Next reads the nonce from the request's CSP while
 * rendering and puts it on its scripts and inline styles, so pages render per request (the root layout awaits
 * connection()). The other security headers are in next.config.ts, for static files too.
 */
export function proxy(request: NextRequest) {
  const csp = contentSecurityPolicy({ nonce: newNonce(), apiUrl: API_URL, development: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Not static files, nor the prefetches of next/link (no document is rendered from them).
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
