import { filter, pipe } from "@graphql-yoga/subscription";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { agentOf } from "../auth/agent.loader.js";
import { Agent } from "../auth/agent.model.js";
import { getContact } from "../contacts/contact.service.js";
import { requireViewer, type Context } from "../platform/context.js";
import { loadEventEntry, type EntryEvent } from "../timeline/entry-events.js";
import { Direction, directionOf } from "../timeline/entry.enums.js";
import { SMS_RECEIVED } from "./incoming-sms.service.js";
import { isRetryable } from "./message-status.service.js";
import { dismissSms, retrySms, sendSms } from "./outbound-sms.service.js";
import { quietHoursResolvers } from "./quiet-hours.resolver.js";
import { scheduledSmsEntryTypes, scheduledSmsResolvers } from "./scheduled-sms.resolver.js";
import { SmsEntry, SmsMedia } from "./sms-entry.model.js";
import { SendSmsInput } from "./sms.input.js";

@Resolver(() => SmsEntry)
class SmsResolver {
  @Mutation(() => SmsEntry, {
    description:
      "Sends an SMS to a contact: stored first (QUEUED), then handed to Twilio. A refusal comes back as a FAILED entry with errorCode and errorMessage. OPTED_OUT when the contact replied STOP.",
  })
  sendSms(@Arg("input", () => SendSmsInput) input: SendSmsInput, @Ctx() ctx: Context): Promise<SmsEntry> {
    return sendSms(ctx.deps, requireViewer(ctx), input);
  }

  @Mutation(() => SmsEntry, { description: "Sends a failed outbound SMS again, once (a double click retries once)." })
  retrySms(@Arg("entryId", () => ID) entryId: string, @Ctx() ctx: Context): Promise<SmsEntry> {
    return retrySms(ctx.deps, requireViewer(ctx), entryId);
  }

  @Mutation(() => SmsEntry, {
    description:
      "Settles a failed outbound SMS without sending it again: it stays failed on the timeline, marked dismissed (by whom, when), and can no longer be retried. Dismissing twice changes nothing.",
  })
  dismissSms(@Arg("entryId", () => ID) entryId: string, @Ctx() ctx: Context): Promise<SmsEntry> {
    return dismissSms(ctx.deps, requireViewer(ctx), entryId);
  }

  @Subscription(() => SmsEntry, {
    description: "Inbound SMS as they arrive: the account's, or one contact's with contactId.",
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { contactId?: string | null }, Context>) => {
      const viewer = requireViewer(context);
      // Refuse another account's contact up front (NOT_FOUND) rather than staying silent forever.
      if (args.contactId) await getContact(viewer.accountId, args.contactId);
      const events = context.deps.pubSub.subscribe(SMS_RECEIVED, String(viewer.accountId));
      return args.contactId
        ? pipe(
            events,
            filter((e: EntryEvent) => e.contactId === args.contactId),
          )
        : events;
    },
  })
  smsReceived(
    @Root() event: EntryEvent,
    @Ctx() ctx: Context,
    @Arg("contactId", () => ID, { nullable: true }) _contactId?: string | null,
  ): Promise<SmsEntry> {
    return loadEventEntry<SmsEntry>(ctx, event);
  }

  @FieldResolver(() => Direction, { name: "direction" })
  direction(@Root() sms: SmsEntry): Direction {
    return directionOf(sms.direction) ?? Direction.INBOUND;
  }

  @FieldResolver(() => Agent, { name: "agent", nullable: true, description: "The agent who sent it." })
  agent(@Root() sms: SmsEntry, @Ctx() ctx: Context) {
    return agentOf(sms, ctx);
  }

  @FieldResolver(() => Agent, { name: "dismissedBy", nullable: true, description: "The agent who dismissed the failure." })
  dismissedBy(@Root() sms: SmsEntry, @Ctx() ctx: Context) {
    return agentOf({ agent_id: sms.dismissed_by }, ctx);
  }

  @FieldResolver(() => Int, { name: "retryCount", description: "How many times an agent retried it after a failure." })
  retryCount(@Root() sms: SmsEntry): number {
    return sms.retry_count ?? 0;
  }

  @FieldResolver(() => Boolean, {
    name: "canRetry",
    description: "True when retrySms would send it again: an outbound message that failed, was undelivered or was canceled, and was not dismissed.",
  })
  canRetry(@Root() sms: SmsEntry): boolean {
    return isRetryable(sms);
  }

  @FieldResolver(() => [SmsMedia], { name: "media", description: "MMS pictures and files, in the order sent." })
  media(@Root() sms: SmsEntry): SmsMedia[] {
    return sms.media ?? [];
  }
}

export const smsResolvers = [SmsResolver, ...scheduledSmsResolvers, ...quietHoursResolvers] as const;
export const smsEntryTypes = [SmsEntry, ...scheduledSmsEntryTypes] as const;
