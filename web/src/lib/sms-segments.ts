/** The API's limit on an SMS body (in Unicode code points, as the API counts them). */
export const MAX_SMS_LENGTH = 1600;

export interface SmsCount {
  /** Unicode code points, as the API counts them against MAX_SMS_LENGTH. */
  characters: number;
  segments: number;
  encoding: "GSM-7" | "UCS-2";
}

type Calculator = typeof import("sms-segments-calculator").SegmentedMessage;
let calculator: Calculator | null = null;
let loading: Promise<void> | null = null;

/**
 * Loads Twilio's own calculator (sms-segments-calculator, the package the API counts with, so the counter and the
 * stored `segments` agree). It carries Unicode grapheme tables (~15 kB gzipped): it is fetched after the page shows,
 * and `countSms` estimates until then.
 */
export function loadSmsCalculator(): Promise<void> {
  loading ??= import("sms-segments-calculator").then((m) => {
    calculator = m.SegmentedMessage;
  });
  return loading;
}

/**
 * How a body travels as SMS: GSM-7 fits 160 characters in one segment, 153 a segment after; one character outside
 * GSM-7 (an emoji, most accents outside Western Europe) switches the whole message to UCS-2: 70, then 67 a segment.
 */
export function countSms(body: string): SmsCount {
  const characters = [...body].length;
  if (!body) return { characters: 0, segments: 0, encoding: "GSM-7" };
  if (!calculator) return { characters, ...estimateSegments(body) };
  const message = new calculator(body);
  return { characters, segments: message.segmentsCount, encoding: message.encodingName === "UCS-2" ? "UCS-2" : "GSM-7" };
}

// GSM 03.38: the basic character set, and the extension table whose characters take two septets.
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const GSM_EXTENDED = new Set("^{}\\[~]|€\f");

/** The segment count without the calculator (until it has loaded): the same rules, without grapheme subtleties. */
export function estimateSegments(body: string): Omit<SmsCount, "characters"> {
  let septets = 0;
  for (const ch of body) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else {
      const units = body.length; // UTF-16 code units: an emoji takes two
      return { encoding: "UCS-2", segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: "GSM-7", segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

/** "161 characters · 2 segments · GSM-7". */
export function describeSmsCount({ characters, segments, encoding }: SmsCount): string {
  const chars = `${characters.toLocaleString("en-US")} ${characters === 1 ? "character" : "characters"}`;
  if (characters === 0) return chars;
  return `${chars} · ${segments} ${segments === 1 ? "segment" : "segments"} · ${encoding}`;
}
