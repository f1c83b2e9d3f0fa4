import { formatDuration } from "@/lib/format";
import { displayName } from "@/lib/phone";

/** What the customer did, as inboundActivity says it (the fields the notification needs). */
export type InboundActivity =
  | { __typename: "SmsEntry"; body: string; media: readonly unknown[] }
  | { __typename: "VoicemailEntry"; duration: number | null }
  | { __typename: "CallEntry" }
  | { __typename: string };

const MAX_BODY = 140;

/** The notification's words for one inbound activity: who, and what (the SMS's text, the voicemail's length). */
export function notificationText(activity: InboundActivity, contactName: string): { title: string; body: string } {
  const who = displayName(contactName);
  if (activity.__typename === "SmsEntry" && "body" in activity) {
    const body = activity.body.trim() || (activity.media.length > 0 ? "Sent a picture or a file" : "");
    return { title: `New SMS from ${who}`, body: body.length > MAX_BODY ? `${body.slice(0, MAX_BODY - 1)}…` : body };
  }
  if (activity.__typename === "VoicemailEntry" && "duration" in activity) {
    return { title: `Voicemail from ${who}`, body: `${formatDuration(activity.duration)} · listen to it in the conversation` };
  }
  return { title: `Missed call from ${who}`, body: "Nobody answered: call back or reply by SMS" };
}
