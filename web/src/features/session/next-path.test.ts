import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("accepts same-origin paths only", () => {
    expect(safeNextPath("/contacts/42")).toBe("/contacts/42");
    expect(safeNextPath(null)).toBe("/");
    expect(safeNextPath("https://evil.example")).toBe("/");
    expect(safeNextPath("//evil.example")).toBe("/");
    expect(safeNextPath("/\\evil.example")).toBe("/");
  });

  it("refuses paths the browser would read as another site: tabs, line breaks, backslashes, encodings", () => {
    for (const next of [
      "/\t/evil.example",
      "/%09/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\\evil.example",
      "\\/evil.example",
      "/\\/evil.example",
      "/ /evil.example",
      "https:evil.example",
      "/\u0000/evil.example",
      "/.//evil.example",
      "/%2e//evil.example",
    ]) {
      const path = safeNextPath(next);
      // Resolved twice, as the router then the browser would.
      const once = new URL(path, "https://console.example");
      expect(once.origin, JSON.stringify(next)).toBe("https://console.example");
      expect(new URL(once.pathname, "https://console.example").origin, JSON.stringify(next)).toBe("https://console.example");
    }
    expect(safeNextPath("/\t/evil.example")).toBe("/");
    expect(safeNextPath(decodeURIComponent("%2F%09%2Fevil.example"))).toBe("/");
    expect(safeNextPath("/inbox?x=1#top")).toBe("/inbox?x=1#top");
  });
});
