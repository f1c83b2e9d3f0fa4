import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { Account, AccountModel } from "../accounts/account.model.js";
import { agentOf } from "../auth/agent.loader.js";
import { Agent } from "../auth/agent.model.js";
import { Contact } from "../contacts/contact.model.js";
import { requireViewer, type Context } from "../platform/context.js";
import { notFound } from "../platform/errors.js";
import { timeZonesOfNumber } from "../platform/time-zones.js";
import { QuietHoursMode } from "./quiet-hours.js";
import { QuietHoursOverride } from "./sms-entry.model.js";

/** The account's quiet hours: where they apply. */
@Resolver(() => Account)
class AccountQuietHoursResolver {
  @FieldResolver(() => QuietHoursMode, {
    name: "quietHours",
    description: "Where quiet hours apply: no SMS between 21:00 and 8:00 in the customer's time (QUIET_HOURS), unless sent with a reason.",
  })
  quietHours(@Root() account: Account): QuietHoursMode {
    return (account.quiet_hours as QuietHoursMode | undefined) ?? QuietHoursMode.US_CA;
  }

  @Mutation(() => Account, { description: "Chooses where your account's quiet hours apply (US_CA by default)." })
  async updateQuietHours(@Arg("mode", () => QuietHoursMode) mode: QuietHoursMode, @Ctx() ctx: Context): Promise<Account> {
    const { accountId } = requireViewer(ctx);
    const account = await AccountModel.findOneAndUpdate({ _id: accountId }, { $set: { quiet_hours: mode } }, { returnDocument: "after" })
      .lean<Account>()
      .exec();
    if (!account) throw notFound("account", String(accountId));
    return account;
  }
}

@Resolver(() => QuietHoursOverride)
class QuietHoursOverrideResolver {
  @FieldResolver(() => Agent, { name: "agent", nullable: true, description: "Who sent it anyway (null: an API key)." })
  agent(@Root() override: QuietHoursOverride, @Ctx() ctx: Context) {
    return agentOf(override, ctx);
  }
}

@Resolver(() => Contact)
class ContactLocalTimeZoneResolver {
  @FieldResolver(() => String, {
    name: "localTimeZone",
    nullable: true,
    description: "Where the contact is: their stored timeZone, else the one zone their number says (null when it says several, or nothing).",
  })
  localTimeZone(@Root() contact: Contact): string | null {
    if (contact.time_zone) return contact.time_zone;
    const number = contact.phone_numbers?.[0];
    const zones = number ? timeZonesOfNumber(number).zones : [];
    return zones.length === 1 ? zones[0] : null;
  }
}

export const quietHoursResolvers = [AccountQuietHoursResolver, QuietHoursOverrideResolver, ContactLocalTimeZoneResolver] as const;
