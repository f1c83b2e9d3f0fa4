/** The <Record> verb: the voicemail a simulated caller leaves, and the requests Twilio makes about it. */
import type { CallFlow } from "./call-requests.js";
import { voiceParams } from "./call-status.js";
import type { FakeTwilioCall } from "./calls.js";
import { methodOf } from "./form-params.js";
import type { FakeTwilioRecording, Recordings } from "./recordings.js";
import { rfc2822 } from "./twilio-format.js";
import { intAttribute, type TwimlElement } from "./twiml.js";

/**
 * A <Record>: the caller speaks for `voicemail.seconds` (at most maxLength) then hangs up, or hangs up before the
 * beep (no recording, no request). Then the action gets RecordingUrl and Digits=hangup (its TwiML is read but not
 * run: the caller is gone), and the recordingStatusCallback gets the finished recording — after the action, as with
 * Twilio, which reports a recording once its file is ready. Without an action nothing is requested (the caller hung
 * up; a caller who stays on would make Twilio request the current document again, which the fake never simulates).
 */
export async function record(
  flow: CallFlow,
  recordings: Recordings,
  call: FakeTwilioCall,
  verb: TwimlElement,
  documentUrl: string | null,
): Promise<void> {
  const spoken = flow.script.voicemail?.seconds ?? 0;
  if (!(spoken > 0)) return;
  const seconds = Math.max(1, Math.min(Math.round(spoken), intAttribute(verb.attributes.maxLength, 3600)));
  const recording: FakeTwilioRecording = recordings.create(call.sid, seconds);
  const { sid } = recording;
  const statusUrl = verb.attributes.recordingStatusCallback
    ? flow.resolveUrl(verb.attributes.recordingStatusCallback, documentUrl, call, "<Record recordingStatusCallback>")
    : null;
  const statusEvents = (verb.attributes.recordingStatusCallbackEvent ?? "completed").split(/[\s,]+/).filter(Boolean);
  const statusMethod = methodOf(verb.attributes.recordingStatusCallbackMethod);
  const statusParams = (status: "in-progress" | "completed"): Record<string, string> => ({
    AccountSid: recording.accountSid,
    CallSid: call.sid,
    RecordingSid: sid,
    RecordingUrl: recording.url,
    RecordingStatus: status,
    ...(status === "completed" ? { RecordingDuration: String(seconds) } : {}),
    RecordingChannels: "1",
    RecordingStartTime: rfc2822(recording.dateCreated),
    RecordingSource: "RecordVerb",
    ...(status === "completed" ? { ErrorCode: "0" } : {}),
  });

  if (statusUrl && statusEvents.includes("in-progress")) {
    await flow.request("recording-status-callback", call, statusMethod, statusUrl, statusParams("in-progress"));
  }
  await flow.talk(seconds);
  recordings.add(recording);
  const action = verb.attributes.action ? flow.resolveUrl(verb.attributes.action, documentUrl, call, "<Record action>") : null;
  if (action) {
    await flow.request("record-action", call, methodOf(verb.attributes.method), action, {
      ...voiceParams(call, "completed"),
      RecordingSid: sid,
      RecordingUrl: recording.url,
      RecordingDuration: String(seconds),
      Digits: "hangup",
    });
  }
  if (statusUrl && statusEvents.includes("completed")) {
    await flow.request("recording-status-callback", call, statusMethod, statusUrl, statusParams("completed"));
  }
}
