import { linkify } from "@/lib/linkify";

/**
 * A message body as text, with its http(s) links clickable. Rendered as React text nodes and <a> elements: nothing
 * in a body is ever interpreted as HTML.
 */
export function LinkifiedText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((part, i) =>
        part.kind === "link" ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
