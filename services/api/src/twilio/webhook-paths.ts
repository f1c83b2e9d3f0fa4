/**
 * Every Twilio webhook path, defined once: app/ mounts the routes from these, and every callback URL the API hands to
 * Twilio (StatusCallback, <Dial action>, <Record action>...) is built from the same constants, so a route and the
 * URL that points at it cannot drift apart.
 */
const BASE = "/webhooks/twilio";

export const WebhookPath = {
  /** An SMS/MMS to one of the account's numbers (the number's "A message comes in" URL). */
  incomingSms: `${BASE}/sms`,
  /** Status callbacks of the messages we send. */
  messageStatus: `${BASE}/status`,
  /** A customer calls one of the account's numbers (the number's "A call comes in" URL). */
  incomingCall: `${BASE}/voice`,
  /** Click-to-call: the agent answered; dial the customer. */
  agentAnswered: `${BASE}/voice/connect`,
  /** Call progress of either leg. */
  callStatus: `${BASE}/voice/status`,
  /** A <Dial> ended. */
  dialStatus: `${BASE}/voice/dial-status`,
  /** A voicemail recording is ready. */
  recording: `${BASE}/voice/recording`,
  /** The caller finished the voicemail. */
  recorded: `${BASE}/voice/recorded`,
} as const;

export type WebhookPath = (typeof WebhookPath)[keyof typeof WebhookPath];

/** The absolute URL Twilio calls: PUBLIC_URL + path + query (signatures are checked against exactly this). */
export function webhookUrl(publicUrl: string, path: WebhookPath, query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
  return `${publicUrl}${path}${search ? `?${search}` : ""}`;
}
