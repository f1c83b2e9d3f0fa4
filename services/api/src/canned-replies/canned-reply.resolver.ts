import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { agentById } from "../auth/agent.loader.js";
import { Agent } from "../auth/agent.model.js";
import { requireViewer, type Context } from "../platform/context.js";
import { CreateCannedReplyInput, UpdateCannedReplyInput } from "./canned-reply.input.js";
import { CannedReply } from "./canned-reply.model.js";
import { createCannedReply, deleteCannedReply, listCannedReplies, updateCannedReply } from "./canned-reply.service.js";
import { CANNED_REPLY_VARIABLES, variablesIn } from "./template.js";

@Resolver(() => CannedReply)
class CannedReplyResolver {
  @Query(() => [CannedReply], { description: "The account's canned replies, by title: all of them (an account keeps at most 500)." })
  cannedReplies(@Ctx() ctx: Context): Promise<CannedReply[]> {
    return listCannedReplies(requireViewer(ctx).accountId);
  }

  @Query(() => [String], {
    description: "The variables a canned reply may hold, written {{contact.firstName}} in its title or body; the console fills them.",
  })
  cannedReplyVariables(@Ctx() ctx: Context): string[] {
    requireViewer(ctx);
    return [...CANNED_REPLY_VARIABLES];
  }

  @Mutation(() => CannedReply, {
    description: "Adds a canned reply. An unknown variable, a shortcut in use (CONFLICT) or a 501st reply is refused, saying which.",
  })
  createCannedReply(@Arg("input", () => CreateCannedReplyInput) input: CreateCannedReplyInput, @Ctx() ctx: Context): Promise<CannedReply> {
    return createCannedReply(requireViewer(ctx), input);
  }

  @Mutation(() => CannedReply, { description: "Changes a canned reply: omitted fields stay, a null shortcut removes it." })
  updateCannedReply(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateCannedReplyInput) input: UpdateCannedReplyInput,
    @Ctx() ctx: Context,
  ): Promise<CannedReply> {
    return updateCannedReply(requireViewer(ctx).accountId, id, input);
  }

  @Mutation(() => ID, { description: "Deletes a canned reply and answers its id; deleting it again is NOT_FOUND." })
  deleteCannedReply(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<string> {
    return deleteCannedReply(requireViewer(ctx).accountId, id);
  }

  @FieldResolver(() => [String], { description: "The variables its title and body use (names, as in cannedReplyVariables), each once." })
  variables(@Root() reply: CannedReply): string[] {
    return [...new Set([...variablesIn(reply.title), ...variablesIn(reply.body)])];
  }

  @FieldResolver(() => Agent, { nullable: true, description: "Who wrote it; null for a reply an API key or the demo seed made." })
  createdBy(@Root() reply: CannedReply, @Ctx() ctx: Context): Promise<Agent | null> | null {
    return reply.created_by_agent_id ? ctx.loaders.get(agentById).load(String(reply.created_by_agent_id)) : null;
  }

  @FieldResolver(() => Date, { name: "createdAt" })
  createdAt(@Root() reply: CannedReply): Date {
    return reply.created_at ?? reply._id.getTimestamp();
  }

  @FieldResolver(() => Date, { name: "updatedAt" })
  updatedAt(@Root() reply: CannedReply): Date {
    return reply.updated_at ?? reply.created_at ?? reply._id.getTimestamp();
  }
}

/** The canned replies' resolvers, for app/schema.ts. */
export const cannedReplyResolvers = [CannedReplyResolver] as const;
