import { filter, pipe } from "@graphql-yoga/subscription";
import type { Types } from "mongoose";
import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { agentById } from "../auth/agent.loader.js";
import { Agent } from "../auth/agent.model.js";
import { requireViewer, type Context, type Viewer } from "../platform/context.js";
import type { Deps } from "../platform/deps.js";
import { forbidden } from "../platform/errors.js";
import { ConversationActivityKind } from "./conversation.enums.js";
import { getConversation } from "./conversation.service.js";

/**
 * "Ben is replying…": agents' typing in a conversation's composer, and their sends, to the others who have the
 * conversation open. Nothing is stored: events go through the account's channel of the event bus (Redis across
 * replicas) and expire on their own (`expiresAt`), so a closed tab leaves no "replying…" behind.
 */
const CONVERSATION_ACTIVITY = "CONVERSATION_ACTIVITY";

interface ActivityEvent {
  accountId: string;
  contactId: string;
  agentId: string;
  kind: ConversationActivityKind;
  at: Date;
}

declare module "../platform/pubsub.js" {
  interface Channels {
    [CONVERSATION_ACTIVITY]: [accountId: string, payload: ActivityEvent];
  }
}

/** A typing report holds this long: the console reports again every ~2 s while the agent types. */
const TYPING_TTL_MS = 5_000;
/** At most one TYPING event per agent and conversation this often, per replica (a chatty client costs nothing more). */
const TYPING_THROTTLE_MS = 1_000;
const lastTyping = new Map<string, number>();

function publish(deps: Deps, event: Omit<ActivityEvent, "at">): void {
  deps.pubSub.publish(CONVERSATION_ACTIVITY, event.accountId, { ...event, at: new Date() });
}

/** An agent types in (TYPING) or leaves (STOPPED_TYPING) a conversation's composer. API keys do not type. */
async function reportTyping(deps: Deps, viewer: Viewer, contactId: string, typing: boolean): Promise<boolean> {
  if (!viewer.agentId) throw forbidden("Only a signed-in agent types in a conversation; API keys cannot report typing.");
  const { _id } = await getConversation(viewer.accountId, contactId);
  const key = `${String(viewer.agentId)}:${String(_id)}`;
  const now = Date.now();
  if (typing) {
    if (now - (lastTyping.get(key) ?? 0) < TYPING_THROTTLE_MS) return true;
    lastTyping.set(key, now);
    if (lastTyping.size > 10_000) lastTyping.delete(lastTyping.keys().next().value!);
  } else {
    lastTyping.delete(key);
  }
  const kind = typing ? ConversationActivityKind.TYPING : ConversationActivityKind.STOPPED_TYPING;
  publish(deps, { accountId: String(viewer.accountId), contactId: String(_id), agentId: String(viewer.agentId), kind });
  return true;
}

/** An agent sent an SMS in the conversation: their "replying…" ends, and the others may warn before sending too. */
export function reportSent(deps: Deps, accountId: Types.ObjectId, contactId: Types.ObjectId, agentId: Types.ObjectId): void {
  lastTyping.delete(`${String(agentId)}:${String(contactId)}`);
  publish(deps, { accountId: String(accountId), contactId: String(contactId), agentId: String(agentId), kind: ConversationActivityKind.SENT });
}

@ObjectType({ description: "Another agent typing in, leaving or sending from a conversation's composer." })
class ConversationActivity {
  @Field(() => ID, { name: "contactId" })
  contactId: string;

  @Field(() => ConversationActivityKind)
  kind: ConversationActivityKind;

  @Field(() => Date)
  at: Date;

  /** Set in the resolver. */
  agentId: string;
}

@Resolver(() => ConversationActivity)
class ConversationActivityResolver {
  @Mutation(() => Boolean, {
    description:
      "The agent is typing in the conversation's composer (typing: true — repeat every 2 s or so while typing) or stopped (false: cleared the text, left). Others see it through conversationActivity.",
  })
  reportTyping(@Arg("contactId", () => ID) contactId: string, @Arg("typing", () => Boolean) typing: boolean, @Ctx() ctx: Context): Promise<boolean> {
    return reportTyping(ctx.deps, requireViewer(ctx), contactId, typing);
  }

  @Subscription(() => ConversationActivity, {
    description:
      'Other agents\' activity in one conversation: TYPING (show "Ben is replying…" until expiresAt, unless renewed), STOPPED_TYPING, SENT (Ben just replied). Your own is not sent to you.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { contactId: string }, Context>) => {
      const viewer = requireViewer(context);
      await getConversation(viewer.accountId, args.contactId);
      const self = viewer.agentId ? String(viewer.agentId) : null;
      return pipe(
        context.deps.pubSub.subscribe(CONVERSATION_ACTIVITY, String(viewer.accountId)),
        filter((e: ActivityEvent) => e.contactId === args.contactId && e.agentId !== self),
      );
    },
  })
  conversationActivity(@Root() event: ActivityEvent, @Arg("contactId", () => ID) _contactId: string): ConversationActivity {
    return { contactId: event.contactId, kind: event.kind, at: new Date(event.at), agentId: event.agentId };
  }

  @FieldResolver(() => Agent, { name: "agent", nullable: true, description: "Who (null: an agent since removed)." })
  agent(@Root() activity: ConversationActivity, @Ctx() ctx: Context) {
    return ctx.loaders.get(agentById).load(activity.agentId);
  }

  @FieldResolver(() => Date, { name: "expiresAt", nullable: true, description: "TYPING: hide it after this unless renewed." })
  expiresAt(@Root() activity: ConversationActivity): Date | null {
    return activity.kind === ConversationActivityKind.TYPING ? new Date(activity.at.getTime() + TYPING_TTL_MS) : null;
  }
}

export const activityResolvers = [ConversationActivityResolver] as const;
