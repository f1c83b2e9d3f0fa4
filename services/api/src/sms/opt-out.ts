/**
 * Twilio's default opt-out keywords for long codes. Only a message that is exactly the keyword counts (surrounding
 * spaces and case ignored); Twilio still delivers the message to the webhook, so it lands on the timeline.
 */
const OPT_OUT = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]);
const OPT_IN = new Set(["START", "YES", "UNSTOP"]);
const HELP = new Set(["HELP", "INFO"]);

export type OptOutAction = "opt-out" | "opt-in" | "help" | null;

/**
 * What an inbound message does to the contact's opt-out state. `OptOutType` (sent by Twilio's Advanced Opt-Out,
 * which may have custom keywords) wins over our keyword list.
 */
export function optOutAction(body: string | undefined, optOutType?: string): OptOutAction {
  const type = optOutType?.trim().toUpperCase();
  if (type === "STOP") return "opt-out";
  if (type === "START") return "opt-in";
  if (type === "HELP") return "help";
  const word = (body ?? "").trim().toUpperCase();
  if (OPT_OUT.has(word)) return "opt-out";
  if (OPT_IN.has(word)) return "opt-in";
  if (HELP.has(word)) return "help";
  return null;
}
