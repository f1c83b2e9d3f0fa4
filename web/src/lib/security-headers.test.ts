import { describe, expect, it } from "vitest";
import { apiOrigins, contentSecurityPolicy, newNonce, securityHeaders } from "./security-headers";

/** The CSP's directives: name → sources. */
function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(csp.split("; ").map((directive) => [directive.split(" ")[0], directive.split(" ").slice(1)]));
}

const csp = (apiUrl: string, development = false) => directives(contentSecurityPolicy({ nonce: "abc123==", apiUrl, development }));

describe("newNonce", () => {
  it("is 16 random bytes in base64, new every time", () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("apiOrigins", () => {
  it("maps http to ws and https to wss, keeping the host and port", () => {
    expect(apiOrigins("http://localhost:4000/graphql")).toEqual({ http: "http://localhost:4000", ws: "ws://localhost:4000" });
    expect(apiOrigins("https://api.example.com/graphql")).toEqual({ http: "https://api.example.com", ws: "wss://api.example.com" });
  });

  it("has none for a relative URL (the console's own origin) or another scheme", () => {
    expect(apiOrigins("/graphql")).toBeNull();
    expect(apiOrigins("ftp://example.com/graphql")).toBeNull();
  });
});

describe("contentSecurityPolicy", () => {
  it("runs only the nonce's scripts and what they load, with eval in development only", () => {
    expect(csp("http://localhost:4000/graphql")["script-src"]).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(csp("http://localhost:4000/graphql", true)["script-src"]).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'", "'unsafe-eval'"]);
    expect(csp("http://localhost:4000/graphql")["style-src"]).toEqual(["'self'", "'nonce-abc123=='"]);
  });

  it("lets the console reach the API over HTTP and WebSocket", () => {
    expect(csp("https://api.example.com/graphql")["connect-src"]).toEqual(["'self'", "https://api.example.com", "wss://api.example.com"]);
    expect(csp("http://127.0.0.1:4000/graphql")["connect-src"]).toEqual(["'self'", "http://127.0.0.1:4000", "ws://127.0.0.1:4000"]);
    expect(csp("/graphql")["connect-src"]).toEqual(["'self'"]);
  });

  it("loads pictures and recordings from the API (the simulator) and from Twilio's https hosts", () => {
    expect(csp("http://localhost:4000/graphql")["img-src"]).toEqual(["'self'", "data:", "blob:", "http://localhost:4000", "https:"]);
    expect(csp("http://localhost:4000/graphql")["media-src"]).toEqual(["'self'", "http://localhost:4000", "https:"]);
  });

  it("cannot be framed, and allows no plugin, no other base URL, no form posted elsewhere", () => {
    const policy = csp("http://localhost:4000/graphql");
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
    expect(policy["object-src"]).toEqual(["'none'"]);
    expect(policy["base-uri"]).toEqual(["'self'"]);
    expect(policy["form-action"]).toEqual(["'self'"]);
    expect(policy["default-src"]).toEqual(["'self'"]);
  });
});

describe("securityHeaders", () => {
  const names = (development: boolean) => securityHeaders({ development }).map((h) => h.key);

  it("sends HSTS outside development only", () => {
    expect(securityHeaders({ development: false })).toContainEqual({
      key: "Strict-Transport-Security",
      value: "max-age=63072000; includeSubDomains",
    });
    expect(names(true)).not.toContain("Strict-Transport-Security");
  });

  it("sends the referrer policy, nosniff, DENY framing and no camera, microphone or location, always", () => {
    for (const development of [true, false]) {
      expect(securityHeaders({ development })).toEqual(
        expect.arrayContaining([
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ]),
      );
    }
  });
});
