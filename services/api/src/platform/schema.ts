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
  VoicemailEntryResolver,
} from "../entries/entry.resolver.js";
import { CallEntry, NoteEntry, SmsEntry, VoicemailEntry } from "../entries/entry.model.js";
import { PhoneNumberResolver } from "../phone-numbers/phone-number.resolver.js";

export const RESOLVERS = [
  AuthResolver,
  ContactResolver,
  EntryResolver,
  TimelineResolver,
  CallEntryResolver,
  VoicemailEntryResolver,
  NoteEntryResolver,
  SmsEntryResolver,
  PhoneNumberResolver,
] as const;

let cached: Promise<GraphQLSchema> | undefined;

/** The schema, built once per process from the decorated classes. */
export function getSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: RESOLVERS,
    // Entry implementations are reached only through the interface: list them so they are in the schema.
    orphanedTypes: [CallEntry, VoicemailEntry, NoteEntry, SmsEntry],
    validate: false,
    emitSchemaFile: false,
  });
  return cached;
}
