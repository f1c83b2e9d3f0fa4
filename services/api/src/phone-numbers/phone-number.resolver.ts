import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { requireViewer, type Context } from "../platform/context.js";
import { PhoneNumber, PhoneNumberCapabilities } from "./phone-number.model.js";
import { capabilitiesOf, listPhoneNumbers } from "./phone-number.service.js";

@Resolver(() => PhoneNumber)
class PhoneNumberResolver {
  @Query(() => [PhoneNumber], { description: "The account's numbers, to send from and to show on the timeline." })
  phoneNumbers(@Ctx() ctx: Context): Promise<PhoneNumber[]> {
    return listPhoneNumbers(requireViewer(ctx).accountId);
  }

  @FieldResolver(() => PhoneNumberCapabilities)
  capabilities(@Root() number: PhoneNumber): PhoneNumberCapabilities {
    return capabilitiesOf(number);
  }
}
export const phoneNumberResolvers = [PhoneNumberResolver] as const;
