import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from "type-graphql";
import { agentOf } from "../auth/agent.loader.js";
import { Agent } from "../auth/agent.model.js";
import { Contact } from "../contacts/contact.model.js";
import { requireViewer, type Context } from "../platform/context.js";
import { SmsEntryModel, SmsEntry } from "./sms-entry.model.js";
import { ScheduledSmsEntry } from "./scheduled-sms.model.js";
import { cancelScheduledSms, editScheduledSms, pendingScheduledSms, rescheduleSms, scheduleSms } from "./scheduled-sms.service.js";

@InputType({ description: "An SMS to send later." })
class ScheduleSmsInput {
  @Field(() => ID)
  contactId: string;

  @Field({ description: "1 to 1,600 characters; not only whitespace." })
  body: string;

  @Field(() => String, { nullable: true, description: "One of your SMS numbers (default: as sendSms)." })
  from?: string | null;

  @Field(() => Date, { description: "When to send it: at least a minute from now, at most 35 days." })
  sendAt: Date;

  @Field(() => String, { nullable: true, description: "As sendSms: the same key schedules once." })
  idempotencyKey?: string | null;
}

@Resolver(() => ScheduledSmsEntry)
class ScheduledSmsResolver {
  @Mutation(() => ScheduledSmsEntry, {
    description:
      "Schedules an SMS: sent at sendAt by the API's own scheduler, through the same path as sendSms (its rules checked now and again then). OPTED_OUT when the contact replied STOP.",
  })
  scheduleSms(@Arg("input", () => ScheduleSmsInput) input: ScheduleSmsInput, @Ctx() ctx: Context): Promise<ScheduledSmsEntry> {
    return scheduleSms(ctx.deps, requireViewer(ctx), input);
  }

  @Mutation(() => ScheduledSmsEntry, { description: "Moves a scheduled SMS not sent yet to another time (CONFLICT once it is being sent)." })
  rescheduleSms(@Arg("entryId", () => ID) entryId: string, @Arg("sendAt", () => Date) sendAt: Date, @Ctx() ctx: Context): Promise<ScheduledSmsEntry> {
    return rescheduleSms(ctx.deps, requireViewer(ctx), entryId, sendAt);
  }

  @Mutation(() => ScheduledSmsEntry, { description: "Changes the text of a scheduled SMS not sent yet (CONFLICT once it is being sent)." })
  editScheduledSms(@Arg("entryId", () => ID) entryId: string, @Arg("body") body: string, @Ctx() ctx: Context): Promise<ScheduledSmsEntry> {
    return editScheduledSms(ctx.deps, requireViewer(ctx), entryId, body);
  }

  @Mutation(() => ScheduledSmsEntry, {
    description: "Cancels a scheduled SMS not sent yet; the same call twice changes nothing. CONFLICT when it is already being sent or was sent.",
  })
  cancelScheduledSms(@Arg("entryId", () => ID) entryId: string, @Ctx() ctx: Context): Promise<ScheduledSmsEntry> {
    return cancelScheduledSms(ctx.deps, requireViewer(ctx), entryId);
  }

  @FieldResolver(() => Agent, { name: "agent", nullable: true, description: "Who scheduled it." })
  agent(@Root() entry: ScheduledSmsEntry, @Ctx() ctx: Context) {
    return agentOf(entry, ctx);
  }

  @FieldResolver(() => Agent, { name: "canceledBy", nullable: true, description: "The agent who canceled it (null: the system, or an API key)." })
  canceledBy(@Root() entry: ScheduledSmsEntry, @Ctx() ctx: Context) {
    return agentOf({ agent_id: entry.canceled_by }, ctx);
  }

  @FieldResolver(() => SmsEntry, {
    name: "sentEntry",
    nullable: true,
    description: "SENT: the SMS it became, on the timeline at the time it was sent.",
  })
  sentEntry(@Root() entry: ScheduledSmsEntry, @Ctx() ctx: Context) {
    if (!entry.sent_entry_id) return null;
    return SmsEntryModel.findOne({ _id: entry.sent_entry_id, account_id: requireViewer(ctx).accountId })
      .lean<SmsEntry>()
      .exec();
  }
}

@Resolver(() => Contact)
class ContactScheduledSmsResolver {
  @FieldResolver(() => [ScheduledSmsEntry], {
    description: "SMS scheduled for this contact and not sent yet, soonest first (at most 50): what the timeline shows at its bottom.",
  })
  scheduledSms(@Root() contact: Contact, @Ctx() ctx: Context): Promise<ScheduledSmsEntry[]> {
    return pendingScheduledSms(requireViewer(ctx).accountId, contact._id);
  }
}

export const scheduledSmsResolvers = [ScheduledSmsResolver, ContactScheduledSmsResolver] as const;
export const scheduledSmsEntryTypes = [ScheduledSmsEntry] as const;
