const SIMULATOR_ACCOUNT_SID = `AC${"5".repeat(32)}`;
const SIMULATOR_AUTH_TOKEN = "simulator-only-auth-token-not-a-twilio-secret";

/**
 * Fixed credentials for the built-in simulator in development and for tests. They open nothing at Twilio: the
 * AccountSid is well-formed (so config validation and the SDK accept it) but belongs to no real account.
 */
export function simulatorCredentials(): { accountSid: string; authToken: string } {
  return { accountSid: SIMULATOR_ACCOUNT_SID, authToken: SIMULATOR_AUTH_TOKEN };
}
