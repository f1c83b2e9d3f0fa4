import {
  Arg,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from "type-graphql";
import { Topic, type ContactEvent } from "../platform/pubsub.js";
import { ConnectionType } from "../platform/connection.js";
import { requireViewer, type Context } from "../platform/context.js";
import { Contact } from "./contact.model.js";
import { CreateContactInput, UpdateContactInput } from "./contact.input.js";
import { createContact, getContact, searchContacts, updateContact } from "./contact.service.js";

@ObjectType()
export class ContactConnection extends ConnectionType("Contact", () => Contact) {}

@Resolver(() => Contact)
export class ContactResolver {
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

  @Query(() => ContactConnection, {
    description: "The inbox: contacts with a conversation (an SMS either way, or a voicemail), by last activity, newest first.",
  })
  conversations(
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { nullable: true, description: "1 to 100, default 20." }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ) {
    return searchContacts(requireViewer(ctx).accountId, { first, after, conversationsOnly: true });
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

  @Subscription(() => Contact, {
    description: "Inbox rows as they change: a message arrives or is sent, the unread count moves, the contact opts out or in.",
    subscribe: ({ context }: SubscribeResolverData<unknown, object, Context>) =>
      context.deps.pubSub.subscribe(Topic.ConversationUpdated, String(requireViewer(context).accountId)),
  })
  conversationUpdated(@Root() event: ContactEvent, @Ctx() ctx: Context): Promise<Contact> {
    return getContact(requireViewer(ctx).accountId, event.contactId);
  }

  @FieldResolver(() => Date, { name: "createdAt" })
  createdAt(@Root() contact: Contact): Date {
    return contact.created_at ?? contact._id.getTimestamp();
  }

  @FieldResolver(() => Date, { name: "lastActivityAt" })
  lastActivityAt(@Root() contact: Contact): Date {
    return contact.last_activity_at ?? contact.created_at ?? contact._id.getTimestamp();
  }

  // Contacts written by older systems may lack the conversation fields: read them as their defaults.
  @FieldResolver(() => Int, { name: "unreadCount", description: "Inbound messages no agent has read yet." })
  unreadCount(@Root() contact: Contact): number {
    return contact.unread_count ?? 0;
  }

  @FieldResolver(() => Boolean, {
    name: "smsOptedOut",
    description: "The customer replied STOP: no SMS can be sent until they reply START.",
  })
  smsOptedOut(@Root() contact: Contact): boolean {
    return contact.sms_opted_out ?? false;
  }

  @FieldResolver(() => [String], { name: "phoneNumbers", description: "E.164; the first one is the main number." })
  phoneNumbers(@Root() contact: Contact): string[] {
    return contact.phone_numbers ?? [];
  }
}
