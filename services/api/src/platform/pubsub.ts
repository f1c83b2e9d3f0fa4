import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub, type PubSub } from "@graphql-yoga/subscription";
import { Redis } from "ioredis";
import mongoose from "mongoose";
import type { Logger } from "./logger.js";

/**
 * Every live event the API publishes. Channels are per account (`<topic>:<accountId>`), so a subscriber can only
 * ever receive its own account's events, and replicas behind Redis only carry what their subscribers asked for.
 */
const { EJSON } = mongoose.mongo.BSON;

export enum Topic {
  /** An inbound SMS landed on a timeline. */
  SmsReceived = "SMS_RECEIVED",
  /** A timeline entry was created or changed (new message, status moved, call ended...). */
  TimelineUpdated = "TIMELINE_UPDATED",
  /** A contact's conversation state changed (unread count, last message, opt-out). */
  ConversationUpdated = "CONVERSATION_UPDATED",
}

// Payloads are plain data that Redis carries as Extended JSON (ObjectIds and Dates survive the trip).
export interface EntryEvent {
  accountId: string;
  contactId: string;
  entryId: string;
  /** The entry as it was when the event happened, so subscribers need no read to answer. */
  entry?: Record<string, unknown>;
}

export interface ContactEvent {
  accountId: string;
  contactId: string;
}

export type Channels = {
  [Topic.SmsReceived]: [accountId: string, payload: EntryEvent];
  [Topic.TimelineUpdated]: [accountId: string, payload: EntryEvent];
  [Topic.ConversationUpdated]: [accountId: string, payload: ContactEvent];
};

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
