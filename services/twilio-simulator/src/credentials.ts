import { randomBytes } from "node:crypto";

/** Well-formed (so config validation and the SDK accept it) but no real account's: it opens nothing at Twilio. */
const SIMULATOR_ACCOUNT_SID = `AC${"5".repeat(32)}`;
const TEST_AUTH_TOKEN = "simulator-only-auth-token-not-a-twilio-secret";

/**
 * Fixed credentials for tests, which start a FakeTwilio and sign webhooks themselves. Never for a server that runs
 * the simulator: this token is in the source, so anyone could sign webhooks with it (see randomSimulatorCredentials).
 */
export function simulatorCredentials(): { accountSid: string; authToken: string } {
  return { accountSid: SIMULATOR_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN };
}

/**
 * Credentials for a server that runs the simulator: the fake AccountSid and an AuthToken random on every call (32
 * bytes, hex), so only that process can sign its webhooks and call its fake REST API.
 */
export function randomSimulatorCredentials(): { accountSid: string; authToken: string } {
  return { accountSid: SIMULATOR_ACCOUNT_SID, authToken: randomBytes(32).toString("hex") };
}
