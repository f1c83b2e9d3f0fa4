/**
 * The console's security headers, in one place: proxy.ts sends the Content-Security-Policy on every page, with a nonce
 * of its own that Next puts on its inline bootstrap scripts; next.config.ts sends the others on every response.
 */
import { toWebSocketUrl } from "./format";

export interface Header {
  key: string;
  value: string;
}

/** A fresh nonce for one response: 16 random bytes, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * The API's origins for the CSP: HTTP, and WebSocket (ws for http, wss for https). None for a relative URL: the API is
 * then on the console's own origin, which 'self' covers, WebSocket included.
 */
export function apiOrigins(apiUrl: string): { http: string; ws: string } | null {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return { http: url.origin, ws: new URL(toWebSocketUrl(url.href)).origin };
}

/**
 * The Content-Security-Policy of a page. Scripts: only those carrying the nonce, and what they load ('strict-dynamic':
 * Next's chunks, graphql-ws loaded on the first subscription); React needs 'unsafe-eval' in development only. Styles:
 * the console's stylesheets and Next's nonced inline styles ('unsafe-inline' in development, where styles are injected
 * for hot reload). MMS pictures and voicemail recordings live on Twilio's hosts (https:) or, with the simulator, on the
 * API's origin.
 */
export function contentSecurityPolicy({ nonce, apiUrl, development }: { nonce: string; apiUrl: string; development: boolean }): string {
  const api = apiOrigins(apiUrl);
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", development ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    ["img-src", "'self'", "data:", "blob:", ...(api ? [api.http] : []), "https:"],
    ["media-src", "'self'", ...(api ? [api.http] : []), "https:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...(api ? [api.http, api.ws] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((sources) => sources.join(" ")).join("; ");
}

/**
 * The headers of every response, pages and static files alike. HSTS outside development only: a developer's
 * http://localhost must not be pinned to https (browsers ignore it over plain http anyway).
 */
export function securityHeaders({ development }: { development: boolean }): Header[] {
  return [
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    // For browsers without CSP's frame-ancestors.
    { key: "X-Frame-Options", value: "DENY" },
    // The console uses none of them: click-to-call rings the agent's own phone.
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    ...(development ? [] : [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]),
  ];
}
