import { Field, InputType } from "type-graphql";

@InputType({ description: "A new contact. Numbers may be typed in any format; they are stored E.164." })
export class CreateContactInput {
  @Field(() => String, { nullable: true, description: "Defaults to the first phone number." })
  name?: string | null;

  @Field(() => [String], { nullable: true, description: 'E.g. ["(514) 630-0808", "+44 20 7946 0958"].' })
  phoneNumbers?: string[] | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  company?: string | null;

  @Field(() => String, { nullable: true, description: "An IANA time zone (America/Toronto); null: read it from the number again." })
  timeZone?: string | null;
}

@InputType({ description: "Changes to a contact: omitted fields stay; null clears email or company." })
export class UpdateContactInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => [String], { nullable: true, description: "Replaces the list of numbers." })
  phoneNumbers?: string[] | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  company?: string | null;

  @Field(() => String, { nullable: true, description: "An IANA time zone (America/Toronto); null: read it from the number again." })
  timeZone?: string | null;
}
