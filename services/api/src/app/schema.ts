import "reflect-metadata";
import { createPubSub } from "@graphql-yoga/subscription";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { authResolvers } from "../auth/auth.resolver.js";
import { callEntryTypes, callResolvers } from "../calls/call.resolver.js";
import { cannedReplyResolvers } from "../canned-replies/canned-reply.resolver.js";
import { contactResolvers } from "../contacts/contact.resolver.js";
import { conversationEntryTypes, conversationResolvers } from "../conversations/conversation.resolver.js";
import { phoneNumberResolvers } from "../phone-numbers/phone-number.resolver.js";
import type { AppPubSub, Channels } from "../platform/pubsub.js";
import { smsEntryTypes, smsResolvers } from "../sms/sms.resolver.js";
import { timelineEntryTypes, timelineResolvers } from "../timeline/entry.resolver.js";
import { ServerInfoResolver } from "./server-info.resolver.js";

/** Every resolver of the API, domain by domain. */
const RESOLVERS = [
  ...authResolvers,
  ...contactResolvers,
  ...conversationResolvers,
  ...timelineResolvers,
  ...smsResolvers,
  ...callResolvers,
  ...phoneNumberResolvers,
  ...cannedReplyResolvers,
  ServerInfoResolver,
] as const;

/**
 * Builds the schema from the decorated classes. Each server builds its own, bound to its own event bus (two API
 * instances in one process, as in the replica test, must not share one).
 */
export function buildAppSchema(pubSub: AppPubSub = createPubSub<Channels>()): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    // Entry implementations are reached only through the interface: list them so they are in the schema.
    orphanedTypes: [...timelineEntryTypes, ...callEntryTypes, ...smsEntryTypes, ...conversationEntryTypes],
    pubSub,
    validate: false,
    emitSchemaFile: false,
  });
}
