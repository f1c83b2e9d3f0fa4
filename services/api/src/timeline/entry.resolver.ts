import { filter, pipe } from "@graphql-yoga/subscription";
import {
  Arg,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from "type-graphql";
import { Agent } from "../auth/agent.model.js";
import { agentOf } from "../auth/agent.loader.js";
import { contactById } from "../contacts/contact.loader.js";
import { Contact } from "../contacts/contact.model.js";
import { getContact } from "../contacts/contact.service.js";
import { ConnectionType } from "../platform/connection.js";
import { requireViewer, type Context } from "../platform/context.js";
import { loadEventEntry, TIMELINE_UPDATED, type EntryEvent } from "./entry-events.js";
import { EntryType } from "./entry.enums.js";
import { Entry, NoteEntry } from "./entry.model.js";
import { createNote } from "./note.service.js";
import { getEntry, timeline } from "./timeline.service.js";

@ObjectType()
class EntryConnection extends ConnectionType("Entry", () => Entry) {}

/** Fields every entry has; type-graphql gives them to every implementation of the interface. */
@Resolver(() => Entry)
class EntryResolver {
  @Query(() => Entry, { description: "One timeline entry of your account." })
  entry(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<Entry> {
    return getEntry(requireViewer(ctx).accountId, id);
  }

  @FieldResolver(() => Date, { name: "createdAt", description: "When it happened; legacy entries without a date use their id's time." })
  createdAt(@Root() entry: Entry): Date {
    return entry.created_at ?? entry._id.getTimestamp();
  }

  @FieldResolver(() => Contact, { name: "contact" })
  async contact(@Root() entry: Entry, @Ctx() ctx: Context): Promise<Contact> {
    const contact = await ctx.loaders.get(contactById).load(String(entry.customer_id));
    // An entry is only ever read through the caller's account, and its contact belongs to the same account.
    if (!contact) throw new Error(`Entry ${String(entry._id)} refers to a missing contact ${String(entry.customer_id)}.`);
    return contact;
  }
}

@Resolver(() => Contact)
class TimelineResolver {
  @FieldResolver(() => EntryConnection, { description: "Every interaction with this contact, newest first." })
  timeline(
    @Root() contact: Contact,
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { nullable: true, description: "1 to 100, default 20." }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
    @Arg("types", () => [EntryType], { nullable: true, description: "Only these kinds of entries." }) types?: EntryType[] | null,
  ) {
    return timeline(requireViewer(ctx).accountId, contact._id, { first, after, types });
  }

  @Mutation(() => NoteEntry, { description: "Writes a note on the contact's timeline." })
  createNote(@Arg("contactId", () => ID) contactId: string, @Arg("body") body: string, @Ctx() ctx: Context): Promise<NoteEntry> {
    return createNote(ctx.deps, requireViewer(ctx), contactId, body);
  }

  @Subscription(() => Entry, {
    description: "Every new entry on the contact's timeline and every change to one (an SMS status moving to DELIVERED, a call ending).",
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { contactId: string }, Context>) => {
      const viewer = requireViewer(context);
      await getContact(viewer.accountId, args.contactId);
      return pipe(
        context.deps.pubSub.subscribe(TIMELINE_UPDATED, String(viewer.accountId)),
        filter((e: EntryEvent) => e.contactId === args.contactId),
      );
    },
  })
  timelineUpdated(@Root() event: EntryEvent, @Ctx() ctx: Context, @Arg("contactId", () => ID) _contactId: string): Promise<Entry> {
    return loadEventEntry(ctx, event);
  }
}

@Resolver(() => NoteEntry)
class NoteEntryResolver {
  @FieldResolver(() => Agent, { name: "agent", nullable: true, description: "Who wrote it." })
  agent(@Root() note: NoteEntry, @Ctx() ctx: Context) {
    return agentOf(note, ctx);
  }
}

/** The timeline's resolvers and the entry kind it declares (notes), for app/schema.ts. */
export const timelineResolvers = [EntryResolver, TimelineResolver, NoteEntryResolver] as const;
export const timelineEntryTypes = [NoteEntry] as const;
