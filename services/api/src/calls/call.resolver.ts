import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { CallEntry } from "../entries/entry.model.js";
import { requireViewer, type Context } from "../platform/context.js";
import { startCall } from "./outbound-call.service.js";

@Resolver()
export class CallResolver {
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
}
