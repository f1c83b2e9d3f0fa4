import twilio from "twilio";
import type { Types } from "mongoose";
import { webhookUrl, WebhookPath } from "../twilio/webhook-paths.js";

/**
 * Every TwiML document the voice webhooks answer, in one place: services decide what happens to a call, these say it
 * to Twilio. Each callback URL is built from WebhookPath.
 */

/** How long the agents' phones ring before the caller goes to voicemail, and the longest voicemail. */
const RING_SECONDS = 20;
const MAX_VOICEMAIL_SECONDS = 120;
/** How long click-to-call lets the customer's phone ring. */
const CUSTOMER_RING_SECONDS = 25;
const LEG_EVENTS: ("initiated" | "ringing" | "answered" | "completed")[] = ["initiated", "ringing", "answered", "completed"];

const entryQuery = (entryId: Types.ObjectId | string) => ({ entryId: String(entryId) });

/** Nobody can answer: the caller may leave a voicemail, which reaches the recording webhooks. */
export function voicemailTwiml(publicUrl: string, entryId: Types.ObjectId | string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say("Sorry, nobody can take your call right now. Please leave a message after the tone.");
  response.record({
    maxLength: MAX_VOICEMAIL_SECONDS,
    playBeep: true,
    action: webhookUrl(publicUrl, WebhookPath.recorded, entryQuery(entryId)),
    recordingStatusCallback: webhookUrl(publicUrl, WebhookPath.recording, entryQuery(entryId)),
    recordingStatusCallbackEvent: ["completed"],
  });
  return response.toString();
}

/** An incoming call rings every agent's phone at once (the first to answer takes it); the Dial's end is reported. */
export function ringAgentsTwiml(publicUrl: string, entryId: Types.ObjectId | string, callerId: string, agentPhones: string[]): string {
  const response = new twilio.twiml.VoiceResponse();
  const dial = response.dial({
    callerId,
    timeout: RING_SECONDS,
    action: webhookUrl(publicUrl, WebhookPath.dialStatus, { ...entryQuery(entryId), direction: "inbound" }),
  });
  for (const phone of agentPhones) dial.number(phone);
  return response.toString();
}

/**
 * Click-to-call, the agent answered: say who is being called, then dial the customer from the account's number,
 * reporting the customer leg's progress to the status webhook.
 */
export function dialCustomerTwiml(
  publicUrl: string,
  call: { entryId: Types.ObjectId | string; customerName?: string; customerNumber: string; callerId?: string },
): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(`Calling ${call.customerName && !call.customerName.startsWith("+") ? call.customerName : "the customer"}.`);
  const dial = response.dial({
    callerId: call.callerId,
    timeout: CUSTOMER_RING_SECONDS,
    answerOnBridge: true,
    action: webhookUrl(publicUrl, WebhookPath.dialStatus, entryQuery(call.entryId)),
  });
  dial.number(
    {
      statusCallback: webhookUrl(publicUrl, WebhookPath.callStatus, { ...entryQuery(call.entryId), leg: "customer" }),
      statusCallbackEvent: LEG_EVENTS,
    },
    call.customerNumber,
  );
  return response.toString();
}

/** Click-to-call's first leg: where Twilio asks what to do once the agent's phone answers, and where it reports. */
export function agentLegUrls(publicUrl: string, entryId: Types.ObjectId | string) {
  return {
    url: webhookUrl(publicUrl, WebhookPath.agentAnswered, entryQuery(entryId)),
    statusCallback: webhookUrl(publicUrl, WebhookPath.callStatus, { ...entryQuery(entryId), leg: "agent" }),
    statusCallbackEvent: LEG_EVENTS,
  };
}

export function callUnavailableTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say("This call is no longer available. Goodbye.");
  response.hangup();
  return response.toString();
}

export function hangupTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}

export function voicemailThanksTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say("Thank you, we will call you back. Goodbye.");
  response.hangup();
  return response.toString();
}
