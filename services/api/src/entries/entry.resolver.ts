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
import { Contact } from "../contacts/contact.model.js";
import { getContact } from "../contacts/contact.service.js";
import { ConnectionType } from "../platform/connection.js";
import { Topic, type EntryEvent } from "../platform/pubsub.js";
import { loadEventEntry } from "./entry-events.js";
import { requireViewer, type Context } from "../platform/context.js";
import { CallStatus, Direction, EntryType, callStatusOf, directionOf } from "./entry.enums.js";
import { CallEntry, Entry, NoteEntry, SmsEntry, SmsMedia, VoicemailEntry, type AnyEntry } from "./entry.model.js";
import { createNote } from "./note.service.js";
import { isRetryable } from "../sms/message-status.service.js";
import { durationSeconds, getEntry, timeline } from "./timeline.service.js";

@ObjectType()
export class EntryConnection extends ConnectionType("Entry", () => Entry) {}

/** Fields every entry has; type-graphql gives them to every implementation of the interface. */
@Resolver(() => Entry)
export class EntryResolver {
  @Query(() => Entry, { description: "One timeline entry of your account." })
  entry(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<AnyEntry> {
    return getEntry(requireViewer(ctx).accountId, id);
  }

  @FieldResolver(() => Date, { name: "createdAt", description: "When it happened; legacy entries without a date use their id's time." })
  createdAt(@Root() entry: Entry): Date {
    return entry.created_at ?? entry._id.getTimestamp();
  }

  @FieldResolver(() => Contact, { name: "contact" })
  async contact(@Root() entry: Entry, @Ctx() ctx: Context): Promise<Contact> {
    const contact = await ctx.loaders.contact.load(String(entry.customer_id));
    // An entry is only ever read through the caller's account, and its contact belongs to the same account.
    if (!contact) throw new Error(`Entry ${String(entry._id)} refers to a missing contact ${String(entry.customer_id)}.`);
    return contact;
  }
}

@Resolver(() => Contact)
export class TimelineResolver {
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
}

@Resolver()
export class TimelineSubscriptionResolver {
  @Subscription(() => Entry, {
    description: "Every new entry on the contact's timeline and every change to one (an SMS status moving to DELIVERED, a call ending).",
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { contactId: string }, Context>) => {
      const viewer = requireViewer(context);
      await getContact(viewer.accountId, args.contactId);
      return pipe(
        context.deps.pubSub.subscribe(Topic.TimelineUpdated, String(viewer.accountId)),
        filter((e: EntryEvent) => e.contactId === args.contactId),
      );
    },
  })
  timelineUpdated(@Root() event: EntryEvent, @Ctx() ctx: Context, @Arg("contactId", () => ID) _contactId: string): Promise<AnyEntry> {
    return loadEventEntry(ctx, event);
  }
}

async function agentOf(entry: { agent_id?: unknown }, ctx: Context): Promise<Agent | null> {
  return entry.agent_id ? ctx.loaders.agent.load(String(entry.agent_id)) : null;
}

@Resolver(() => CallEntry)
export class CallEntryResolver {
  @FieldResolver(() => Direction, { name: "direction", nullable: true })
  direction(@Root() call: CallEntry): Direction | null {
    return directionOf(call.direction);
  }

  @FieldResolver(() => CallStatus, { name: "status", nullable: true })
  status(@Root() call: CallEntry): CallStatus | null {
    return callStatusOf(call.status);
  }

  @FieldResolver(() => Int, { name: "duration", nullable: true, description: "Seconds." })
  duration(@Root() call: CallEntry): number | null {
    return durationSeconds(call.duration);
  }

  @FieldResolver(() => Agent, { name: "agent", nullable: true, description: "The agent who placed or took the call." })
  agent(@Root() call: CallEntry, @Ctx() ctx: Context) {
    return agentOf(call, ctx);
  }
}

@Resolver(() => VoicemailEntry)
export class VoicemailEntryResolver {
  @FieldResolver(() => Int, { name: "duration", nullable: true, description: 'Seconds (legacy documents store a string such as "38").' })
  duration(@Root() voicemail: VoicemailEntry): number | null {
    return durationSeconds(voicemail.duration);
  }
}

@Resolver(() => NoteEntry)
export class NoteEntryResolver {
  @FieldResolver(() => Agent, { name: "agent", nullable: true, description: "Who wrote it." })
  agent(@Root() note: NoteEntry, @Ctx() ctx: Context) {
    return agentOf(note, ctx);
  }
}

@Resolver(() => SmsEntry)
export class SmsEntryResolver {
  @FieldResolver(() => Direction, { name: "direction" })
  direction(@Root() sms: SmsEntry): Direction {
    return directionOf(sms.direction) ?? Direction.INBOUND;
  }

  @FieldResolver(() => Agent, { name: "agent", nullable: true, description: "The agent who sent it." })
  agent(@Root() sms: SmsEntry, @Ctx() ctx: Context) {
    return agentOf(sms, ctx);
  }

  @FieldResolver(() => Int, { name: "retryCount", description: "How many times an agent retried it after a failure." })
  retryCount(@Root() sms: SmsEntry): number {
    return sms.retry_count ?? 0;
  }

  @FieldResolver(() => Boolean, {
    name: "canRetry",
    description: "True when retrySms would send it again: an outbound message that failed, was undelivered or was canceled.",
  })
  canRetry(@Root() sms: SmsEntry): boolean {
    return isRetryable(sms);
  }

  @FieldResolver(() => [SmsMedia], { name: "media", description: "MMS pictures and files, in the order sent." })
  media(@Root() sms: SmsEntry): SmsMedia[] {
    return sms.media ?? [];
  }
}
