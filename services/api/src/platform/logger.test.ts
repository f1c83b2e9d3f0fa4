import { describe, expect, it } from "vitest";
import { scrub } from "./logger.js";

describe("what the logger writes", () => {
  it("replaces credentials at any depth, in strings, and drops an HTTP client's request objects", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(
      scrub({
        message: "GET https://AC1:tok3n-secret@api.twilio.com failed with Authorization: Basic QUMxOnRvazNuLXNlY3JldA==",
        config: {
          method: "post",
          url: "https://api.twilio.com/x",
          headers: { Authorization: "Basic QUMxOnRvazNu", Accept: "json" },
          auth: { password: "p" },
        },
        request: { socket: "huge" },
        nested: [{ token: "t", cookie: "c", ok: 1 }],
        cyclic,
      }),
    ).toEqual({
      message: "GET https://[redacted]@api.twilio.com failed with Authorization: Basic [redacted]",
      config: { method: "post", url: "https://api.twilio.com/x", headers: { Authorization: "[redacted]", Accept: "json" }, auth: "[redacted]" },
      nested: [{ token: "[redacted]", cookie: "[redacted]", ok: 1 }],
      cyclic: { name: "loop", self: "[…]" },
    });
  });
});
