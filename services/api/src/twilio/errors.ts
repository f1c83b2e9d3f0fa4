/**
 * Twilio error codes an agent may meet, in words they can act on. Anything else falls back to Twilio's own message.
 * Source: Twilio's error catalogue (see TWILIO.md in the team's shared notes).
 */
const SENTENCES: Record<number, string> = {
  20003: "Twilio refused our credentials: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.",
  20429: "Twilio is receiving too many requests right now; retry in a moment.",
  13223: "This phone number is not valid for calls: check the number.",
  13224: "This phone number cannot be called: check the number.",
  21210: "The caller id is not a number of the Twilio account.",
  21211: "This phone number is not valid: check the contact's number.",
  21215: "Calling this country is not enabled for the account (Twilio geo permissions).",
  21217: "This phone number is not valid: check the number.",
  21408: "Sending SMS to this country is not enabled for the account.",
  21602: "The message is empty.",
  21603: "No sender number was given.",
  21606: "This sender number cannot send SMS.",
  21610: "The customer replied STOP: they receive no SMS until they reply START.",
  21612: "This number cannot be reached from the sender number.",
  21614: "This number is not a mobile number and cannot receive SMS.",
  21617: "The message is too long: at most 1,600 characters.",
  30001: "The message queue was full; retry in a moment.",
  30002: "The Twilio account is suspended.",
  30003: "The customer's phone is unreachable (switched off or out of coverage).",
  30004: "The message was blocked by the carrier or the customer.",
  30005: "The number is unknown or no longer in service.",
  30006: "The number is a landline or its carrier cannot receive SMS.",
  30007: "The carrier filtered the message as spam.",
  30008: "The carrier reported an unknown error.",
  30034: "The sender number is not registered for US A2P 10DLC messaging.",
};

export function twilioErrorSentence(code: number | undefined | null, fallback?: string): string {
  if (code && SENTENCES[code]) return SENTENCES[code];
  if (fallback) return fallback;
  return code ? `Twilio reported error ${code}.` : "Twilio could not send the message.";
}

/** 21610: Twilio refuses because the recipient opted out. */
export const OPTED_OUT_ERROR = 21610;
