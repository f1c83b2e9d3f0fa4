/** The numbers and TwiML the voice tests share. */
import twilio from "twilio";

export const AGENT = "+15146300100";
export const CUSTOMER = "+15146300808";
export const OUR_NUMBER = "+16502907793";
export const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

/** The TwiML the API answers for click-to-call, as in the brief: ring the customer, report both legs. */
export function clickToCallTwiml(base: string, entryId: string, opts: { action?: boolean } = {}): string {
  const dial = new twilio.twiml.VoiceResponse().dial({
    callerId: OUR_NUMBER,
    timeout: 25,
    answerOnBridge: true,
    ...(opts.action === false ? {} : { action: `${base}/hooks/voice/dial-status?entryId=${entryId}` }),
  });
  dial.number(
    {
      statusCallback: `${base}/hooks/voice/status?entryId=${entryId}&leg=customer`,
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
    },
    CUSTOMER,
  );
  return dial.toString();
}

export const ALL_EVENTS = ["initiated", "ringing", "answered", "completed"];
