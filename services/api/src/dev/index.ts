/**
 * Development only: the Twilio simulator and the demo data. app/development.ts loads this module with a dynamic import
 * when the server runs without Twilio credentials (outside production) or seeds an empty database; nothing else in
 * the API imports it, and the production build leaves it out.
 */
import { simulatorCredentials } from "@talkdesk-sms/twilio-simulator";
import type { DevelopmentTools } from "../app/development.js";
import { seedIfEmpty } from "./demo-seed.js";
import { mountSimulator } from "./simulator-routes.js";

export default { mountSimulator, seedIfEmpty, simulatorCredentials } satisfies DevelopmentTools;
