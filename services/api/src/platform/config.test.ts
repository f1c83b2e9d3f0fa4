import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.js";

const problems = (env: Record<string, string>) => {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe("configuration", () => {
  it("runs with nothing set: port 4000, embedded database, simulator, dev secret", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 4000,
      nodeEnv: "development",
      mongodbUri: undefined,
      twilio: undefined,
      publicUrl: "http://localhost:4000",
    });
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
  });

  it("says how to fix each malformed value", () => {
    expect(problems({ PORT: "eighty" })).toEqual(["PORT must be a number, e.g. PORT=4000"]);
    expect(problems({ MONGODB_URI: "localhost:27017" })[0]).toMatch(/^MONGODB_URI must start with mongodb:\/\/ or mongodb\+srv:\/\//);
    expect(problems({ REDIS_URL: "127.0.0.1:6379" })[0]).toMatch(/^REDIS_URL must start with redis:\/\//);
    expect(problems({ PUBLIC_URL: "not a url" })[0]).toMatch(/^PUBLIC_URL must be a URL/);
    expect(problems({ TWILIO_ACCOUNT_SID: "AC123", TWILIO_AUTH_TOKEN: "x" })[0]).toMatch(/^TWILIO_ACCOUNT_SID must be AC followed by 32 hex/);
    expect(problems({ TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}` })).toEqual([
      "TWILIO_AUTH_TOKEN is required when TWILIO_ACCOUNT_SID is set (Twilio Console → Account Info → Auth Token)",
    ]);
    expect(problems({ SESSION_SECRET: "short" })[0]).toMatch(/at least 32 characters; generate one with: openssl rand -hex 32/);
    // Trusting every X-Forwarded-For would let any client pick the address sign-in throttling counts.
    expect(problems({ TRUST_PROXY: "true" })[0]).toMatch(/^TRUST_PROXY must name the proxies in front of the API/);
  });

  it("believes X-Forwarded-For only from the proxies TRUST_PROXY names", () => {
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(parseConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).trustProxy).toBe("loopback, 10.0.0.0/8");
  });

  it("requires a real secret, real Twilio and a public URL in production", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual([
      "SESSION_SECRET is required in production; generate one with: openssl rand -hex 32",
      "TWILIO_ACCOUNT_SID is required in production (the built-in Twilio simulator is for development only)",
      "PUBLIC_URL is required in production: the https address Twilio calls for webhooks",
    ]);
  });

  it("accepts no missing or public development secret outside development", () => {
    const devSecret = parseConfig({}).sessionSecret;
    for (const NODE_ENV of ["test", "production"]) {
      expect(problems({ NODE_ENV })).toContain(`SESSION_SECRET is required in ${NODE_ENV}; generate one with: openssl rand -hex 32`);
      expect(problems({ NODE_ENV, SESSION_SECRET: devSecret })).toContain(
        "SESSION_SECRET is the development secret, which is public (it is in the source): generate your own with openssl rand -hex 32",
      );
    }
    expect(problems({ NODE_ENV: "development", SESSION_SECRET: devSecret })).toEqual([]);
  });

  it("defaults to production when the caller says so (the API server, unless started with --dev)", () => {
    expect(problems({}).length).toBe(0);
    expect(() => parseConfig({}, { nodeEnv: "production" })).toThrow(/SESSION_SECRET is required in production/);
    expect(parseConfig({ NODE_ENV: "development" }, { nodeEnv: "production" }).nodeEnv).toBe("development");
    expect(parseConfig({}, { nodeEnv: "development" }).seedOnEmpty).toBe(true);
  });

  it("reports every problem at once in one message that names .env.example", () => {
    const err = (() => {
      try {
        parseConfig({ PORT: "x", REDIS_URL: "nope" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/PORT must be a number[\s\S]*REDIS_URL must start with[\s\S]*\.env\.example/);
  });

  it("listens on this machine only in development, on every interface otherwise, unless HOST says", () => {
    const secret = { SESSION_SECRET: "s".repeat(32) };
    const production = { ...secret, PUBLIC_URL: "https://sms.example.com", TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`, TWILIO_AUTH_TOKEN: "t" };
    expect(parseConfig({}).host).toBe("127.0.0.1");
    expect(parseConfig({ NODE_ENV: "development" }, { nodeEnv: "production" }).host).toBe("127.0.0.1");
    expect(parseConfig({ NODE_ENV: "test", ...secret }).host).toBe("0.0.0.0");
    expect(parseConfig(production, { nodeEnv: "production" }).host).toBe("0.0.0.0");
    expect(parseConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(parseConfig({ NODE_ENV: "test", HOST: "127.0.0.1", ...secret }).host).toBe("127.0.0.1");
    expect(parseConfig({ HOST: " " }).host).toBe("127.0.0.1");
  });

  it("treats empty values as unset and trims trailing slashes from URLs", () => {
    const config = parseConfig({ MONGODB_URI: "", PUBLIC_URL: "https://sms.example.com/" });
    expect(config.mongodbUri).toBeUndefined();
    expect(config.publicUrl).toBe("https://sms.example.com");
  });
});
