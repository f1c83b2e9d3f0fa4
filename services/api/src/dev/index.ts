/**
 * Development only: the Twilio simulator and the demo data. app/development.ts loads this module with a dynamic import
 * when the server runs without Twilio credentials (outside production) or seeds an empty database; nothing else in
 * the API imports it, and the production build leaves it out.
 */
import { randomSimulatorCredentials } from "@talkdesk-sms/twilio-simulator";
import type { DevelopmentTools } from "../app/development.js";
import { seedIfEmpty } from "./demo-seed.js";
import { mountSimulator } from "./simulator-routes.js";

// A fresh AuthToken per start: the simulator's webhooks and REST API open to this process only, never to a token in the source.
export default { mountSimulator, seedIfEmpty, simulatorCredentials: randomSimulatorCredentials } satisfies DevelopmentTools;
