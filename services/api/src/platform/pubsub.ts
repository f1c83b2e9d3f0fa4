import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub, type PubSub } from "@graphql-yoga/subscription";
import { Redis } from "ioredis";
import mongoose from "mongoose";
import type { Logger } from "./logger.js";

const { EJSON } = mongoose.mongo.BSON;

/**
 * Every live event the API publishes, by topic: `[accountId, payload]`. Each domain adds its own topics by declaration
 * merging (`declare module "../platform/pubsub.js" { interface Channels { ... } }` next to the code that publishes),
 * so this module knows no domain. Channels are per account (`<topic>:<accountId>`): a subscriber only ever receives
 * its own account's events, and replicas behind Redis only carry what their subscribers asked for. Payloads are plain
 * data that Redis carries as Extended JSON (ObjectIds and Dates survive the trip).
 */
export interface Channels {
  [topic: string]: [accountId: string, payload: unknown];
}

export type AppPubSub = PubSub<Channels>;

export interface EventBus {
  pubSub: AppPubSub;
  transport: "redis" | "memory";
  close(): Promise<void>;
}

/** With REDIS_URL, events go through Redis so every API replica sees them; without it, they stay in memory. */
export function createEventBus(opts: { redisUrl?: string; logger?: Logger }): EventBus {
  if (!opts.redisUrl) return { pubSub: createPubSub<Channels>(), transport: "memory", close: async () => {} };

  const connect = (role: string) => {
    const client = new Redis(opts.redisUrl!, { maxRetriesPerRequest: null, lazyConnect: false });
    client.on("error", (err) => opts.logger?.warn({ err, role }, "redis connection error"));
    return client;
  };
  const publishClient = connect("publish");
  const subscribeClient = connect("subscribe");
  return {
    pubSub: createPubSub<Channels>({
      eventTarget: createRedisEventTarget({
        publishClient,
        subscribeClient,
        serializer: { stringify: (m) => EJSON.stringify(m, { relaxed: false }), parse: (s) => EJSON.parse(s, { relaxed: false }) },
      }),
    }),
    transport: "redis",
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
