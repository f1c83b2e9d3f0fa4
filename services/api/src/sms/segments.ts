import { SegmentedMessage } from "sms-segments-calculator";
import { SmsEncoding } from "./sms.enums.js";

/**
 * The longest body counted: what an SMS can hold. A longer one (an inbound WhatsApp message holds 4,096) is no SMS and
 * has no segments; and the calculator's time grows with the square of the length (40,000 characters: seconds).
 */
const MAX_COUNTED = 1_600;

/** Twilio's own segment counter: GSM-7 (160, then 153 a segment) or UCS-2 (70, then 67). Nothing for longer bodies. */
export function countSegments(body: string): { segments?: number; encoding?: SmsEncoding } {
  if (!body) return { segments: 0, encoding: SmsEncoding.GSM_7 };
  if ([...body].length > MAX_COUNTED) return {};
  const message = new SegmentedMessage(body);
  return { segments: message.segmentsCount, encoding: message.encodingName === "UCS-2" ? SmsEncoding.UCS_2 : SmsEncoding.GSM_7 };
}
