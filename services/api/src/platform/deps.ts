import type { Twilio } from "twilio";
import type { BackoffLimiter } from "./backoff-limiter.js";
import type { IngestDrainer } from "./ingest-drainer.js";
import type { Metrics } from "./metrics.js";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import type { AppPubSub } from "./pubsub.js";

/**
 * What services need from the platform, built once by createServer() and handed to resolvers (through the context)
 * and to webhook routes. Services take it as their first argument instead of reaching for globals.
 */
export interface Deps {
  config: Config;
  logger: Logger;
  pubSub: AppPubSub;
  /** Attempt counters with exponential back-off (sign-in), shared by replicas through Redis when REDIS_URL is set. */
  limiter: BackoffLimiter;
  /** This replica's durable ingest queue and its drainer: webhooks that record something go through it. */
  ingest: IngestDrainer;
  metrics: Metrics;
  /** The real Twilio SDK: pointed at Twilio, at TWILIO_API_URL, or at the built-in simulator. */
  twilio: Twilio;
  /** The credentials webhooks are signed with and the AccountSid they must carry. */
  twilioAccount: { accountSid: string; authToken: string };
  /** The clock of what happens at a time (snoozes ending, scheduled SMS): real time, or a test's. */
  now: () => Date;
}
