import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import { agentOf } from "../auth/agent.loader.js";
import { Agent } from "../auth/agent.model.js";
import { requireViewer, type Context } from "../platform/context.js";
import { Direction, directionOf } from "../timeline/entry.enums.js";
import { CallEntry, VoicemailEntry } from "./call-entry.model.js";
import { CallStatus, callStatusOf } from "./call.enums.js";
import { startCall } from "./outbound-call.service.js";

/** Seconds as an Int, from a number or a legacy string such as "38". */
function durationSeconds(value: unknown): number | null {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(String(value).trim());
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

@Resolver(() => CallEntry)
class CallResolver {
  @Mutation(() => CallEntry, {
    description:
      "Click-to-call: Twilio rings your own phone, then connects the customer from one of the account's voice numbers (`from`, default: the number the customer last dealt with). The call's progress arrives on timelineUpdated.",
  })
  startCall(
    @Arg("contactId", () => ID) contactId: string,
    @Ctx() ctx: Context,
    @Arg("from", () => String, { nullable: true }) from?: string | null,
  ): Promise<CallEntry> {
    return startCall(ctx.deps, requireViewer(ctx), { contactId, from });
  }

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
class VoicemailEntryResolver {
  @FieldResolver(() => Int, { name: "duration", nullable: true, description: 'Seconds (legacy documents store a string such as "38").' })
  duration(@Root() voicemail: VoicemailEntry): number | null {
    return durationSeconds(voicemail.duration);
  }
}

export const callResolvers = [CallResolver, VoicemailEntryResolver] as const;
export const callEntryTypes = [CallEntry, VoicemailEntry] as const;
