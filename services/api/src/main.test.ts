import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const API_DIR = path.resolve(import.meta.dirname, "..");

/** Starts src/main.ts the way `npm start` / `npm run dev` do, with only what the test gives in the environment. */
function start(args: string[], env: Record<string, string>) {
  const { PATH, HOME } = process.env;
  return spawnSync(process.execPath, ["--import", "@swc-node/register/esm-register", "src/main.ts", ...args], {
    cwd: API_DIR,
    env: { PATH: PATH ?? "", HOME: HOME ?? "", DATA_DIR: "/nonexistent-never-used", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
}

describe("the API server's start-up", () => {
  it("runs as production when NODE_ENV is unset: without a secret, real Twilio and a public URL it refuses to start", () => {
    const run = start([], {});
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("SESSION_SECRET is required in production");
    expect(run.stderr).toContain("TWILIO_ACCOUNT_SID is required in production");
  });

  it("refuses the public development secret outside development, even when everything else is set", () => {
    const devSecret = "dev-only-session-secret-change-me-in-production-0123456789";
    const run = start([], {
      SESSION_SECRET: devSecret,
      TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
      TWILIO_AUTH_TOKEN: "x",
      PUBLIC_URL: "https://sms.example.com",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("SESSION_SECRET is the development secret");
  });
});
