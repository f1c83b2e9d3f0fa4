import { SegmentedMessage } from "sms-segments-calculator";
import { SmsEncoding } from "./sms.enums.js";

/** Twilio's own segment counter: GSM-7 (160, then 153 a segment) or UCS-2 (70, then 67). */
export function countSegments(body: string): { segments: number; encoding: SmsEncoding } {
  if (!body) return { segments: 0, encoding: SmsEncoding.GSM_7 };
  const message = new SegmentedMessage(body);
  return { segments: message.segmentsCount, encoding: message.encodingName === "UCS-2" ? SmsEncoding.UCS_2 : SmsEncoding.GSM_7 };
}
