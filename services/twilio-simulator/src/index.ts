/** @talkdesk-sms/twilio-simulator: a fake Twilio for the real SDK, for development and tests only (see fake-twilio.ts). */
export { FakeTwilio, type FakeTwilioOptions } from "./fake-twilio.js";
export { randomSimulatorCredentials, simulatorCredentials } from "./credentials.js";
export type { CallRun, InboundCallOptions } from "./call-flow.js";
export type { CallDelaysMs, CallStep } from "./call-requests.js";
export type { CallDirection, CallOutcome, CallStatus, FakeTwilioCall } from "./calls.js";
export type { PlannedCallback, SentCallback } from "./callbacks.js";
export type { FormParams } from "./form-params.js";
export type { FakeTwilioMessage, InboundSmsOptions, MessageStatus } from "./messages.js";
export type { FakeTwilioRecording } from "./recordings.js";
export type { FakeTwilioRequest } from "./server.js";
