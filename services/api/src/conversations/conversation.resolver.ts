import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from "type-graphql";
import { Account } from "../accounts/account.model.js";
import { agentById, agentOf } from "../auth/agent.loader.js";
import { Agent } from "../auth/agent.model.js";
import { Contact } from "../contacts/contact.model.js";
import { ContactConnection } from "../contacts/contact.resolver.js";
import { requireViewer, type Context } from "../platform/context.js";
import { activityResolvers } from "./activity.js";
import { inboundActivityResolvers } from "./inbound-activity.js";
import { AssigneeFilter, AutoAssignment, ConversationEventKind, ConversationStatus, statusOf } from "./conversation.enums.js";
import { ConversationEventEntry } from "./conversation-event.model.js";
import { LastMessage, type Conversation } from "./conversation.model.js";
import {
  CONVERSATION_UPDATED,
  COUNT_CAP,
  conversationCounts,
  getConversation,
  listConversations,
  markConversationRead,
  type ContactConversation,
  type ConversationEvent,
} from "./conversation.service.js";
import {
  assignConversation,
  assignConversations,
  MAX_BULK,
  setConversationsStatus,
  setConversationStatus,
  updateInboxSettings,
} from "./team-inbox.service.js";

@InputType({ description: "One tab of the inbox: whose conversations and in which statuses. Every field is optional." })
class ConversationFilter {
  @Field(() => AssigneeFilter, { nullable: true, description: "ME, UNASSIGNED or ANY (the default)." })
  assignee?: AssigneeFilter | null;

  @Field(() => ID, { nullable: true, description: "One agent's conversations (instead of assignee)." })
  agentId?: string | null;

  @Field(() => [ConversationStatus], { nullable: true, description: "Only these statuses (default: every status)." })
  status?: ConversationStatus[] | null;
}

@ObjectType({
  description: `How many conversations each inbox tab holds (conversations with a message or a voicemail): each count is the size of conversations(filter) with the filter named, counted up to ${COUNT_CAP} (${COUNT_CAP} means ${COUNT_CAP} or more: a count stays cheap however large the account).`,
})
class ConversationCounts {
  @Field(() => Int, { description: "Open and assigned to you: { assignee: ME, status: [OPEN] } (0 for an API key)." })
  mine: number;

  @Field(() => Int, { description: "Open and assigned to nobody: { assignee: UNASSIGNED, status: [OPEN] }." })
  unassigned: number;

  @Field(() => Int, { description: "Open, whoever has them: { status: [OPEN] }." })
  open: number;

  @Field(() => Int, { description: "Waiting on the customer: { status: [PENDING] }." })
  pending: number;

  @Field(() => Int, { description: "Snoozed: { status: [SNOOZED] }." })
  snoozed: number;

  @Field(() => Int, { description: "Resolved: { status: [RESOLVED] }." })
  resolved: number;
}

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
    @Arg("filter", () => ConversationFilter, { nullable: true, description: "One tab of the inbox; omitted: every conversation." })
    filter?: ConversationFilter | null,
  ) {
    return listConversations(requireViewer(ctx), { first, after, filter });
  }

  @Query(() => ConversationCounts, { description: "The inbox tabs' counts (unread counts are per conversation: Contact.unreadCount)." })
  conversationCounts(@Ctx() ctx: Context) {
    return conversationCounts(requireViewer(ctx));
  }

  @Mutation(() => Contact, {
    description:
      "Gives the conversation to an agent of your account, or to nobody (agentId null). The same call twice changes nothing and writes one event on the timeline.",
  })
  assignConversation(
    @Arg("contactId", () => ID) contactId: string,
    @Arg("agentId", () => ID, { nullable: true }) agentId: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<ContactConversation> {
    return assignConversation(ctx.deps, requireViewer(ctx), contactId, agentId);
  }

  @Mutation(() => Contact, {
    description:
      "Opens, resolves, marks pending or snoozes the conversation. SNOOZED needs snoozedUntil in the future (it reopens then, or when the customer writes); no other status takes one. The same call twice writes one event.",
  })
  setConversationStatus(
    @Arg("contactId", () => ID) contactId: string,
    @Arg("status", () => ConversationStatus) status: ConversationStatus,
    @Arg("snoozedUntil", () => Date, { nullable: true }) snoozedUntil: Date | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<ContactConversation> {
    return setConversationStatus(ctx.deps, requireViewer(ctx), contactId, status, snoozedUntil);
  }

  @Mutation(() => [Contact], {
    description: `assignConversation for several conversations at once (1 to ${MAX_BULK}), in the order given. Every id is checked first: one that is not your account's changes nothing at all (NOT_FOUND).`,
  })
  assignConversations(
    @Arg("contactIds", () => [ID]) contactIds: string[],
    @Arg("agentId", () => ID, { nullable: true }) agentId: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<ContactConversation[]> {
    return assignConversations(ctx.deps, requireViewer(ctx), contactIds, agentId);
  }

  @Mutation(() => [Contact], {
    description: `setConversationStatus for several conversations at once (1 to ${MAX_BULK}), in the order given. Every id is checked first: one that is not your account's changes nothing at all (NOT_FOUND).`,
  })
  setConversationsStatus(
    @Arg("contactIds", () => [ID]) contactIds: string[],
    @Arg("status", () => ConversationStatus) status: ConversationStatus,
    @Arg("snoozedUntil", () => Date, { nullable: true }) snoozedUntil: Date | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<ContactConversation[]> {
    return setConversationsStatus(ctx.deps, requireViewer(ctx), contactIds, status, snoozedUntil);
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

  @FieldResolver(() => Agent, { name: "assignee", nullable: true, description: "The agent who owns the conversation; null: unassigned." })
  assignee(@Root() contact: Conversation, @Ctx() ctx: Context) {
    return agentOf({ agent_id: contact.assignee_id }, ctx);
  }

  @FieldResolver(() => ConversationStatus, { name: "status", description: "Where the conversation stands (OPEN for contacts never set otherwise)." })
  status(@Root() contact: Conversation): ConversationStatus {
    return statusOf(contact.status);
  }

  @FieldResolver(() => Date, { name: "snoozedUntil", nullable: true, description: "While SNOOZED: when it reopens by itself." })
  snoozedUntil(@Root() contact: Conversation): Date | null {
    return contact.status === ConversationStatus.SNOOZED ? (contact.snoozed_until ?? null) : null;
  }

  @FieldResolver(() => Date, { name: "statusChangedAt", nullable: true, description: "When the status last changed; null: never." })
  statusChangedAt(@Root() contact: Conversation): Date | null {
    return contact.status_changed_at ?? null;
  }

  @FieldResolver(() => Date, {
    name: "firstResponseDueAt",
    nullable: true,
    description: "When the customer's message that started the current wait should be answered by (15 minutes after it).",
  })
  firstResponseDueAt(@Root() contact: Conversation): Date | null {
    return contact.first_response_due_at ?? null;
  }

  @FieldResolver(() => Date, { name: "firstResponseAt", nullable: true, description: "When an agent first replied after it; null: not yet." })
  firstResponseAt(@Root() contact: Conversation): Date | null {
    return contact.first_response_at ?? null;
  }

  @FieldResolver(() => Date, {
    name: "nextScheduledSmsAt",
    nullable: true,
    description: "When the soonest SMS scheduled for this contact goes (the inbox row's clock); null: none pending.",
  })
  nextScheduledSmsAt(@Root() contact: Conversation): Date | null {
    return contact.next_scheduled_sms_at ?? null;
  }
}

@Resolver(() => LastMessage)
class LastMessageResolver {
  @FieldResolver(() => Agent, {
    name: "agent",
    nullable: true,
    description: 'An outbound SMS: the agent who sent it (warn before replying on top: "Ben replied 12 s ago").',
  })
  agent(@Root() message: LastMessage, @Ctx() ctx: Context) {
    return agentOf(message, ctx);
  }
}

/** The agents a conversation event names, and its sentence. */
@Resolver(() => ConversationEventEntry)
class ConversationEventResolver {
  @FieldResolver(() => Agent, { name: "actor", nullable: true, description: "The agent who did it; null: the customer, the system or an API key." })
  actor(@Root() event: ConversationEventEntry, @Ctx() ctx: Context) {
    return agentOf(event, ctx);
  }

  @FieldResolver(() => Agent, { name: "assignee", nullable: true, description: "ASSIGNED: the new assignee; UNASSIGNED: the former one." })
  assignee(@Root() event: ConversationEventEntry, @Ctx() ctx: Context) {
    return agentOf({ agent_id: event.assignee_id }, ctx);
  }

  @FieldResolver(() => String, { name: "text", description: 'What happened, in a sentence: "Ana assigned this to Ben", "Ben resolved this".' })
  async text(@Root() event: ConversationEventEntry, @Ctx() ctx: Context): Promise<string> {
    const name = async (id: unknown) => (id ? ((await ctx.loaders.get(agentById).load(String(id)))?.name ?? "A former agent") : null);
    const [actor, assignee] = await Promise.all([name(event.agent_id), name(event.assignee_id)]);
    const who = actor ?? (event.api_key_id ? "An API key" : "The system");
    switch (event.kind) {
      case ConversationEventKind.ASSIGNED:
        return String(event.agent_id) === String(event.assignee_id) ? `${who} took this` : `${who} assigned this to ${assignee}`;
      case ConversationEventKind.UNASSIGNED:
        return assignee && String(event.agent_id) !== String(event.assignee_id) ? `${who} unassigned ${assignee}` : `${who} unassigned this`;
      case ConversationEventKind.REOPENED_BY_CUSTOMER:
        return "Reopened by the customer's message";
      case ConversationEventKind.SNOOZE_ENDED:
        return "The snooze ended: open again";
      case ConversationEventKind.STATUS_CHANGED:
        return `${who} ${STATUS_VERB[event.to_status ?? ConversationStatus.OPEN]}`;
    }
  }
}

const STATUS_VERB: Record<ConversationStatus, string> = {
  open: "reopened this",
  pending: "marked this pending",
  resolved: "resolved this",
  snoozed: "snoozed this",
};

/** The account's team-inbox settings. */
@Resolver(() => Account)
class AccountInboxSettingsResolver {
  @FieldResolver(() => Boolean, {
    name: "autoAssignOnReply",
    description: "Replying to an unassigned conversation assigns it to the agent who replied.",
  })
  autoAssignOnReply(@Root() account: Account): boolean {
    return account.auto_assign_on_reply !== false;
  }

  @FieldResolver(() => AutoAssignment, { name: "autoAssignment", description: "How a new conversation gets an assignee." })
  autoAssignment(@Root() account: Account): AutoAssignment {
    return (account.auto_assignment as AutoAssignment | undefined) ?? AutoAssignment.NONE;
  }

  @Mutation(() => Account, { description: "Changes your account's team-inbox settings; the fields left out stay as they are." })
  updateInboxSettings(
    @Arg("autoAssignOnReply", () => Boolean, { nullable: true }) autoAssignOnReply: boolean | null | undefined,
    @Arg("autoAssignment", () => AutoAssignment, { nullable: true }) autoAssignment: AutoAssignment | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<Account> {
    return updateInboxSettings(requireViewer(ctx), { autoAssignOnReply, autoAssignment });
  }
}

export const conversationResolvers = [
  ConversationResolver,
  ConversationEventResolver,
  LastMessageResolver,
  AccountInboxSettingsResolver,
  ...activityResolvers,
  ...inboundActivityResolvers,
] as const;
export const conversationEntryTypes = [ConversationEventEntry] as const;
