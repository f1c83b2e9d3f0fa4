/** A base no real origin has: a path resolved against it and still on it is a path of this site. */
const BASE = "https://console.invalid";

/**
 * Where to go after signing in: a path of this site from `?next=`, else home. The value is resolved the way the
 * browser will resolve it (the URL parser drops tabs and line breaks and reads `\` as `/`, so `/\t/evil.example` is
 * `//evil.example`), and kept only when the result is still on this site; what is returned is that resolved path.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Resolved again by the browser, a path that starts with two slashes (`/.//evil.example` → `//evil.example`) names
  // another host.
  if (url.origin !== BASE || path.startsWith("//")) return "/";
  return path;
}
