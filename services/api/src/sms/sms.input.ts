import { Field, ID, InputType } from "type-graphql";

@InputType({ description: "An SMS to a contact." })
export class SendSmsInput {
  @Field(() => ID)
  contactId: string;

  @Field({ description: "1 to 1,600 characters; not only whitespace." })
  body: string;

  @Field(() => String, {
    nullable: true,
    description: "One of your SMS-capable numbers. Default: the number the customer last texted, else your first SMS number.",
  })
  from?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Make one per message (e.g. a UUID when Send is pressed): a retried request with the same key sends once and returns the same entry.",
  })
  idempotencyKey?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Within the customer's quiet hours (QUIET_HOURS), send anyway: why (1 to 500 characters), recorded on the entry with who sent it. Ignored outside quiet hours.",
  })
  quietHoursOverride?: string | null;
}
