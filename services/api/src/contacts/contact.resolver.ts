import { Arg, Ctx, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { ConnectionType } from "../platform/connection.js";
import { requireViewer, type Context } from "../platform/context.js";
import { Contact } from "./contact.model.js";
import { CreateContactInput, UpdateContactInput } from "./contact.input.js";
import { createContact, getContact, searchContacts, updateContact } from "./contact.service.js";

@ObjectType()
export class ContactConnection extends ConnectionType("Contact", () => Contact) {}

@Resolver(() => Contact)
class ContactResolver {
  @Query(() => Contact, { description: "One contact of your account." })
  contact(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<Contact> {
    return getContact(requireViewer(ctx).accountId, id);
  }

  @Query(() => ContactConnection, {
    description: "Contacts by last activity, newest first. `search` matches a name, email or company, or a number typed in any format.",
  })
  contacts(
    @Ctx() ctx: Context,
    @Arg("search", () => String, { nullable: true }) search?: string | null,
    @Arg("first", () => Int, { nullable: true, description: "1 to 100, default 20." }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ) {
    return searchContacts(requireViewer(ctx).accountId, { search, first, after });
  }

  @Mutation(() => Contact, { description: "Adds a contact. A number already on another contact is refused, naming it." })
  createContact(@Arg("input", () => CreateContactInput) input: CreateContactInput, @Ctx() ctx: Context): Promise<Contact> {
    return createContact(requireViewer(ctx).accountId, input);
  }

  @Mutation(() => Contact)
  updateContact(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateContactInput) input: UpdateContactInput,
    @Ctx() ctx: Context,
  ): Promise<Contact> {
    return updateContact(requireViewer(ctx).accountId, id, input);
  }

  @FieldResolver(() => Date, { name: "createdAt" })
  createdAt(@Root() contact: Contact): Date {
    return contact.created_at ?? contact._id.getTimestamp();
  }

  @FieldResolver(() => Date, { name: "lastActivityAt" })
  lastActivityAt(@Root() contact: Contact): Date {
    return contact.last_activity_at ?? contact.created_at ?? contact._id.getTimestamp();
  }

  @FieldResolver(() => [String], { name: "phoneNumbers", description: "E.164; the first one is the main number." })
  phoneNumbers(@Root() contact: Contact): string[] {
    return contact.phone_numbers ?? [];
  }
}

export const contactResolvers = [ContactResolver] as const;
