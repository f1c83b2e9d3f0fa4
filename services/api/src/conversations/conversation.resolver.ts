import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { Contact } from "../contacts/contact.model.js";
import { ContactConnection } from "../contacts/contact.resolver.js";
import { requireViewer, type Context } from "../platform/context.js";
import { LastMessage, type Conversation } from "./conversation.model.js";
import {
  CONVERSATION_UPDATED,
  getConversation,
  listConversations,
  markConversationRead,
  type ContactConversation,
  type ConversationEvent,
} from "./conversation.service.js";

/** The inbox: each contact's conversation state, as fields of Contact, and the operations on it. */
@Resolver(() => Contact)
class ConversationResolver {
  @Query(() => ContactConnection, {
    description: "The inbox: contacts with a conversation (an SMS either way, or a voicemail), by last activity, newest first.",
  })
  conversations(
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { nullable: true, description: "1 to 100, default 20." }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ) {
    return listConversations(requireViewer(ctx).accountId, { first, after });
  }

  @Mutation(() => Contact, { description: "The agent read the conversation: its unread count goes to zero." })
  markConversationRead(@Arg("contactId", () => ID) contactId: string, @Ctx() ctx: Context): Promise<ContactConversation> {
    return markConversationRead(ctx.deps, requireViewer(ctx).accountId, contactId);
  }

  @Subscription(() => Contact, {
    description: "Inbox rows as they change: a message arrives or is sent, the unread count moves, the contact opts out or in.",
    subscribe: ({ context }: SubscribeResolverData<unknown, object, Context>) =>
      context.deps.pubSub.subscribe(CONVERSATION_UPDATED, String(requireViewer(context).accountId)),
  })
  conversationUpdated(@Root() event: ConversationEvent, @Ctx() ctx: Context): Promise<ContactConversation> {
    return getConversation(requireViewer(ctx).accountId, event.contactId);
  }

  // Contacts written before their first message, or by older systems, lack these fields: read them as defaults.
  @FieldResolver(() => Int, { name: "unreadCount", description: "Inbound messages no agent has read yet." })
  unreadCount(@Root() contact: Conversation): number {
    return contact.unread_count ?? 0;
  }

  @FieldResolver(() => Boolean, {
    name: "smsOptedOut",
    description: "The customer replied STOP: no SMS can be sent until they reply START.",
  })
  smsOptedOut(@Root() contact: Conversation): boolean {
    return contact.sms_opted_out ?? false;
  }

  @FieldResolver(() => LastMessage, { name: "lastMessage", nullable: true })
  lastMessage(@Root() contact: Conversation): LastMessage | null {
    return contact.last_message ?? null;
  }
}

export const conversationResolvers = [ConversationResolver] as const;
