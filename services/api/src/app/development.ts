import type { Express } from "express";
import type { Deps } from "../platform/deps.js";
import type { Logger } from "../platform/logger.js";

/**
 * What dev/ offers in development: the Twilio simulator (credentials and routes) and the demo data. Loaded only when
 * asked (no Twilio credentials outside production, SEED_ON_EMPTY), through a dynamic import whose specifier the
 * production build cannot follow: `npm run build` leaves dev/ and the simulator package out of dist/, and a
 * production process never resolves them (checked by scripts/check-production-build.mjs in CI).
 */
export interface DevelopmentTools {
  /** The simulator's fake AccountSid and an AuthToken random on every call: createServer() asks once per start. */
  simulatorCredentials(): { accountSid: string; authToken: string };
  /** `clock` moves this server's time (deps.now) forward: `POST /dev/clock` lets the e2e suite travel to a due time. */
  mountSimulator(app: Express, deps: Deps, clock: DevClock): { close(): void };
  seedIfEmpty(logger: Logger): Promise<void>;
}

/** The development server's clock: real time plus an offset that only moves forward. */
export interface DevClock {
  advance(ms: number): Date;
}

const DEV_MODULE = "../dev/index.js";

export async function loadDevelopmentTools(): Promise<DevelopmentTools> {
  try {
    return ((await import(/* @vite-ignore */ DEV_MODULE)) as { default: DevelopmentTools }).default;
  } catch (err) {
    throw new Error(
      `The Twilio simulator and the demo data run from source only (npm run dev), not from the built server: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, and SEED_ON_EMPTY=false. (${(err as Error).message})`,
      { cause: err },
    );
  }
}
