import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { badInput, quote } from "./errors.js";

/**
 * Phone numbers as people type them ("(514) 630-0808", "+1 514 630 0808", "514.630.0808") → E.164.
 * Numbers without a country code are read in the account's country. We accept every *possible* number (right
 * length for its country) rather than only *valid* ones, because test and fictional ranges (+1 555 01xx) are real
 * to Twilio's simulator and to demo data, and the carrier has the last word anyway (Twilio error 21211).
 */
export function toE164(input: string, defaultCountry = "US"): string | undefined {
  if (typeof input !== "string") return undefined;
  // Parsing costs ~0.1 ms; every webhook names the same few numbers again (the account's, its customers').
  const key = `${defaultCountry}\u0000${input}`;
  const known = recent.get(key);
  if (known !== undefined) return known || undefined;
  const e164 = parseE164(input, defaultCountry);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, e164 ?? "");
  return e164;
}

/** Numbers parsed lately (input → E.164, "" for not a number); emptied whenever it fills. */
const recent = new Map<string, string>();
const RECENT_MAX = 10_000;

function parseE164(input: string, defaultCountry: string): string | undefined {
  const trimmed = input.trim();
  if (!/^[+\d\s().\-/]{3,}$/.test(trimmed) || !/\d/.test(trimmed)) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry as CountryCode);
  return parsed?.isPossible() ? parsed.number : undefined;
}

/** Like toE164 but a bad number is BAD_USER_INPUT, naming the field and the expected form. */
export function requireE164(input: string, field: string, defaultCountry = "US"): string {
  const e164 = toE164(input, defaultCountry);
  if (!e164) {
    throw badInput(
      `${quote(input)} is not a phone number we can dial: use the international form, e.g. +15146300808, or a ${defaultCountry} number.`,
      field,
    );
  }
  return e164;
}

/** The digits someone typed in a search box, without trunk prefix zeros: matched as a substring of E.164 numbers. */
export function searchDigits(input: string): string | undefined {
  if (!/^[+\d\s().\-/]+$/.test(input.trim())) return undefined;
  const digits = input.replace(/\D/g, "").replace(/^0+/, "");
  return digits.length >= 3 ? digits : undefined;
}
