/** How Twilio writes the values its resources and webhooks share: the API version, sids, dates, countries. */
import { randomBytes } from "node:crypto";
import { parsePhoneNumberFromString } from "libphonenumber-js";

export const API_VERSION = "2010-04-01";

export const E164 = /^\+[1-9]\d{1,14}$/;

export function newSid(prefix: "SM" | "MM" | "CA" | "RE"): string {
  return prefix + randomBytes(16).toString("hex");
}

/** "Thu, 24 Aug 2023 05:01:45 +0000", as Twilio writes dates. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}

/** A number's ISO country ("CA" for +1 514…), "" when unknown: Twilio's *Country parameters. */
export function countryOf(number: string): string {
  return parsePhoneNumberFromString(number)?.country ?? "";
}
