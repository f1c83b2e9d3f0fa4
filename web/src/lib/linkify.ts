/** A message body cut into plain text and links, to render as text nodes and <a> elements (never as HTML). */
export type BodyPart = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence rather than the URL: "see https://x.com/a." → the link is https://x.com/a
const TRAILING = /[.,;:!?'"’”)\]}>]+$/;

function safeLink(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (!url.hostname) return null;
    return url.href;
  } catch {
    return null;
  }
}

/**
 * Finds the http(s) links in a body. Only `http://` and `https://` become links (no `javascript:`, `data:`, bare
 * domains); a closing parenthesis is kept when the URL opened one (Wikipedia-style links).
 */
export function linkify(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  let last = 0;
  for (const match of body.matchAll(URL_IN_TEXT)) {
    const start = match.index ?? 0;
    let raw = match[0];
    let trailing = raw.match(TRAILING)?.[0] ?? "";
    raw = raw.slice(0, raw.length - trailing.length);
    // Give back a ")" that closes a "(" inside the URL.
    while (trailing.startsWith(")") && (raw.match(/\(/g)?.length ?? 0) > (raw.match(/\)/g)?.length ?? 0)) {
      raw += ")";
      trailing = trailing.slice(1);
    }
    const href = safeLink(raw);
    if (!href) continue;
    if (start > last) parts.push({ kind: "text", text: body.slice(last, start) });
    parts.push({ kind: "link", text: raw, href });
    last = start + raw.length;
  }
  if (last < body.length) parts.push({ kind: "text", text: body.slice(last) });
  return parts;
}
