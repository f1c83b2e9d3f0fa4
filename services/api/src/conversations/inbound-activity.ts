import { Ctx, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { requireViewer, type Context } from "../platform/context.js";
import type { Deps } from "../platform/deps.js";
import { entryEvent, loadEventEntry, type EntryEvent } from "../timeline/entry-events.js";
import { Entry } from "../timeline/entry.model.js";

/**
 * What a customer just did that an agent should hear about — an inbound SMS, a voicemail, an inbound call nobody
 * answered — as one account-wide stream (`inboundActivity`): the console's notifications (a toast, a browser
 * notification when its tab is hidden) follow it. Each is published once, where it is first stored: a replayed
 * webhook stores nothing and so announces nothing.
 */
const INBOUND_ACTIVITY = "INBOUND_ACTIVITY";

declare module "../platform/pubsub.js" {
  interface Channels {
    [INBOUND_ACTIVITY]: [accountId: string, payload: EntryEvent];
  }
}

type EventEntry = Parameters<typeof entryEvent>[0];

export function publishInboundActivity(deps: Deps, entry: EventEntry): void {
  deps.pubSub.publish(INBOUND_ACTIVITY, String(entry.account_id), entryEvent(entry));
}

@Resolver()
class InboundActivityResolver {
  @Subscription(() => Entry, {
    description:
      "What customers just did that an agent should know about, across the account: an inbound SmsEntry, a VoicemailEntry, a CallEntry of an inbound call nobody answered (status NO_ANSWER). Each once, when it is first stored.",
    subscribe: ({ context }: SubscribeResolverData<unknown, object, Context>) =>
      context.deps.pubSub.subscribe(INBOUND_ACTIVITY, String(requireViewer(context).accountId)),
  })
  inboundActivity(@Root() event: EntryEvent, @Ctx() ctx: Context): Promise<Entry> {
    return loadEventEntry(ctx, event);
  }
}

export const inboundActivityResolvers = [InboundActivityResolver] as const;
