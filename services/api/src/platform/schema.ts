import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { AuthResolver } from "../auth/auth.resolver.js";
import { ContactResolver } from "../contacts/contact.resolver.js";
import {
  CallEntryResolver,
  EntryResolver,
  NoteEntryResolver,
  SmsEntryResolver,
  TimelineResolver,
  TimelineSubscriptionResolver,
  VoicemailEntryResolver,
} from "../entries/entry.resolver.js";
import { SmsResolver } from "../sms/sms.resolver.js";
import { CallResolver } from "../calls/call.resolver.js";
import { ServerInfoResolver } from "./server-info.resolver.js";
import { createPubSub } from "@graphql-yoga/subscription";
import type { AppPubSub, Channels } from "./pubsub.js";
import { CallEntry, NoteEntry, SmsEntry, VoicemailEntry } from "../entries/entry.model.js";
import { PhoneNumberResolver } from "../phone-numbers/phone-number.resolver.js";

export const RESOLVERS = [
  AuthResolver,
  ContactResolver,
  EntryResolver,
  TimelineResolver,
  TimelineSubscriptionResolver,
  SmsResolver,
  CallResolver,
  CallEntryResolver,
  VoicemailEntryResolver,
  NoteEntryResolver,
  SmsEntryResolver,
  PhoneNumberResolver,
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
    orphanedTypes: [CallEntry, VoicemailEntry, NoteEntry, SmsEntry],
    pubSub,
    validate: false,
    emitSchemaFile: false,
  });
}
