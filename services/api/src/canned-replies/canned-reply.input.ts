import { Field, InputType } from "type-graphql";

/** What `createCannedReply` takes: checked and normalised by canned-reply.service.ts. */
@InputType({ description: "A new canned reply. Title and body may hold the variables of `cannedReplyVariables`, written {{contact.firstName}}." })
export class CreateCannedReplyInput {
  @Field({ description: "1 to 80 characters." })
  title: string;

  @Field({ description: "1 to 1,600 characters (an SMS's longest)." })
  body: string;

  @Field(() => String, { nullable: true, description: "Like `/later` (the slash may be left out); stored in lower case, unique in the account." })
  shortcut?: string | null;
}

/** What `updateCannedReply` takes: omitted fields stay. */
@InputType({ description: "Changes to a canned reply: omitted fields stay; a null shortcut removes it." })
export class UpdateCannedReplyInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  body?: string | null;

  @Field(() => String, { nullable: true })
  shortcut?: string | null;
}
