import { SegmentedMessage } from "sms-segments-calculator";
import { SmsEncoding } from "./sms.enums.js";

/**
 * The longest body counted: what an SMS can hold. A longer one (an inbound WhatsApp message holds 4,096) is no SMS and
 * has no segments; and the calculator's time grows with the square of the length (40,000 characters: seconds).
 */
const MAX_COUNTED = 1_600;

/** GSM 03.38's basic character set: one septet each (the extension table's ^{}[]~|€\ take two: the full count). */
const GSM7_BASIC = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

/** Twilio's own segment counter: GSM-7 (160, then 153 a segment) or UCS-2 (70, then 67). Nothing for longer bodies. */
export function countSegments(body: string): { segments?: number; encoding?: SmsEncoding } {
  if (!body) return { segments: 0, encoding: SmsEncoding.GSM_7 };
  if ([...body].length > MAX_COUNTED) return {};
  // Most messages, counted as the calculator counts them without its per-character work (a tenth of an inbound
  // SMS's CPU time): basic GSM-7 only, and no CR LF, which it reads as one two-character grapheme, hence UCS-2.
  if (GSM7_BASIC.test(body) && !body.includes("\r\n")) {
    return { segments: body.length <= 160 ? 1 : Math.ceil(body.length / 153), encoding: SmsEncoding.GSM_7 };
  }
  const message = new SegmentedMessage(body);
  return { segments: message.segmentsCount, encoding: message.encodingName === "UCS-2" ? SmsEncoding.UCS_2 : SmsEncoding.GSM_7 };
}
