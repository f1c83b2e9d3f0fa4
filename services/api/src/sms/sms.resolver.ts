import { pipe, filter } from "@graphql-yoga/subscription";
import { Arg, Ctx, ID, Mutation, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { Contact } from "../contacts/contact.model.js";
import { getContact } from "../contacts/contact.service.js";
import { SmsEntry } from "../entries/entry.model.js";
import { loadEventEntry } from "../entries/entry-events.js";
import { requireViewer, type Context } from "../platform/context.js";
import { Topic, type EntryEvent } from "../platform/pubsub.js";
import { markConversationRead } from "./conversation.service.js";
import { retrySms, sendSms } from "./outbound-sms.service.js";
import { SendSmsInput } from "./sms.input.js";

@Resolver()
export class SmsResolver {
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

  @Mutation(() => Contact, { description: "The agent read the conversation: its unread count goes to zero." })
  markConversationRead(@Arg("contactId", () => ID) contactId: string, @Ctx() ctx: Context): Promise<Contact> {
    return markConversationRead(ctx.deps, requireViewer(ctx).accountId, contactId);
  }

  @Subscription(() => SmsEntry, {
    description: "Inbound SMS as they arrive: the account's, or one contact's with contactId.",
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { contactId?: string | null }, Context>) => {
      const viewer = requireViewer(context);
      // Refuse another account's contact up front (NOT_FOUND) rather than staying silent forever.
      if (args.contactId) await getContact(viewer.accountId, args.contactId);
      const events = context.deps.pubSub.subscribe(Topic.SmsReceived, String(viewer.accountId));
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
    return loadEventEntry(ctx, event) as Promise<SmsEntry>;
  }
}
