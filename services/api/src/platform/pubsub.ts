import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub, type PubSub } from "@graphql-yoga/subscription";
import { Redis } from "ioredis";
import type { Logger } from "./logger.js";

/**
 * Every live event the API publishes. Channels are per account (`<topic>:<accountId>`), so a subscriber can only
 * ever receive its own account's events, and replicas behind Redis only carry what their subscribers asked for.
 */
export enum Topic {
  /** An inbound SMS landed on a timeline. */
  SmsReceived = "SMS_RECEIVED",
  /** A timeline entry was created or changed (new message, status moved, call ended...). */
  TimelineUpdated = "TIMELINE_UPDATED",
  /** A contact's conversation state changed (unread count, last message, opt-out). */
  ConversationUpdated = "CONVERSATION_UPDATED",
}

// Payloads stay plain JSON (ids as strings): Redis carries them as text. Subscribers load fresh documents.
export interface EntryEvent {
  accountId: string;
  contactId: string;
  entryId: string;
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
    pubSub: createPubSub<Channels>({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) }),
    transport: "redis",
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
