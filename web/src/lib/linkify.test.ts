import { describe, expect, it } from "vitest";
import { linkify } from "./linkify";

describe("linkify", () => {
  it("keeps plain text as one text part", () => {
    expect(linkify("please call me")).toEqual([{ kind: "text", text: "please call me" }]);
  });

  it("cuts http(s) links out of the text, leaving sentence punctuation outside", () => {
    expect(linkify("See https://example.com/a?b=1. Thanks")).toEqual([
      { kind: "text", text: "See " },
      { kind: "link", text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { kind: "text", text: ". Thanks" },
    ]);
    expect(linkify("(http://x.org/y)")).toEqual([
      { kind: "text", text: "(" },
      { kind: "link", text: "http://x.org/y", href: "http://x.org/y" },
      { kind: "text", text: ")" },
    ]);
  });

  it("keeps a parenthesis that belongs to the URL", () => {
    const parts = linkify("https://en.wikipedia.org/wiki/Foo_(bar) ok");
    expect(parts[0]).toEqual({ kind: "link", text: "https://en.wikipedia.org/wiki/Foo_(bar)", href: "https://en.wikipedia.org/wiki/Foo_(bar)" });
  });

  it("never links other schemes, and leaves markup as text", () => {
    const body = `javascript:alert(1) data:text/html,<b>x</b> <img src=x onerror=alert(1)> ftp://x.org`;
    expect(linkify(body)).toEqual([{ kind: "text", text: body }]);
  });

  it("does not let a quote end inside an attribute-like URL", () => {
    const parts = linkify(`https://a.com/"onmouseover="alert(1)`);
    expect(parts[0]).toEqual({ kind: "link", text: "https://a.com/", href: "https://a.com/" });
  });

  it("finds several links", () => {
    const links = linkify("a https://a.com b http://b.com/x c").filter((p) => p.kind === "link");
    expect(links.map((l) => l.text)).toEqual(["https://a.com", "http://b.com/x"]);
  });
});
