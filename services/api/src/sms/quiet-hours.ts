import type { Types } from "mongoose";
import { registerEnumType } from "type-graphql";
import { AccountModel } from "../accounts/account.model.js";
import type { Contact } from "../contacts/contact.model.js";
import { AppError, ErrorCode } from "../platform/errors.js";
import { atLocal, localTime, timeZonesOfNumber } from "../platform/time-zones.js";

/**
 * Quiet hours: no SMS to a customer between 21:00 and 8:00 where the customer is (the US TCPA's window), by the
 * contact's stored time zone, else the zones read from the number (platform/time-zones.ts) — all of them when the
 * number does not say which, so the rule holds wherever the customer may be. An account chooses where it applies.
 */
export enum QuietHoursMode {
  OFF = "off",
  /** To US and Canadian numbers (the default: where the law asks for it). */
  US_CA = "us_ca",
  ALL = "all",
}
registerEnumType(QuietHoursMode, {
  name: "QuietHoursMode",
  description: "Where quiet hours (no SMS 21:00–8:00 the customer's time) apply: OFF, US_CA (US and Canadian numbers; the default), ALL.",
});

const QUIET_FROM = 21 * 60;
const QUIET_UNTIL = 8 * 60;
const hhmm = (minutes: number) => `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;

export interface QuietHours {
  /** The zone that makes it quiet (the first of the customer's that does). */
  timeZone: string;
  /** The customer's local time there, "22:40". */
  localTime: string;
  /** The first moment from which it is allowed in every zone the customer may be in. */
  nextAllowedAt: Date;
}

function quietIn(at: Date, tz: string): boolean {
  const { minutes } = localTime(at, tz);
  return minutes >= QUIET_FROM || minutes < QUIET_UNTIL;
}

/** The next 8:00 in `tz` after `at` (today's if it is before 8:00 there, else tomorrow's). */
function nextMorning(at: Date, tz: string): Date {
  const local = localTime(at, tz);
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + (local.minutes >= QUIET_UNTIL ? 1 : 0)));
  return atLocal(tz, { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() }, QUIET_UNTIL);
}

/** Whether `at` is within quiet hours in any of `zones`, and when it no longer is in all; null: allowed. */
export function quietHoursAt(at: Date, zones: readonly string[]): QuietHours | null {
  const blocking = zones.find((tz) => quietIn(at, tz));
  if (!blocking) return null;
  let next = at;
  // Each round moves to the latest next morning among the zones still quiet; zones spread over a few hours settle in
  // two or three rounds.
  for (let round = 0; round < 5; round++) {
    const quiet = zones.filter((tz) => quietIn(next, tz));
    if (!quiet.length) break;
    next = new Date(Math.max(...quiet.map((tz) => nextMorning(next, tz).getTime())));
  }
  return { timeZone: blocking, localTime: localTime(at, blocking).hhmm, nextAllowedAt: next };
}

/** The zones quiet hours follow for this contact under the account's mode (none: they do not apply). */
export async function quietHoursZones(accountId: Types.ObjectId, contact: Pick<Contact, "time_zone">, to: string): Promise<string[]> {
  const account = await AccountModel.findById(accountId, { quiet_hours: 1 }).lean().exec();
  const mode = (account?.quiet_hours as QuietHoursMode | undefined) ?? QuietHoursMode.US_CA;
  if (mode === QuietHoursMode.OFF) return [];
  const { country, zones } = timeZonesOfNumber(to);
  if (mode === QuietHoursMode.US_CA && country !== "US" && country !== "CA") return [];
  return contact.time_zone ? [contact.time_zone] : zones;
}

/** QUIET_HOURS for a message to `who` at `at`, with their time and the next allowed one (in `extensions`). */
export function quietHoursError(who: string, quiet: QuietHours, what: "send" | "schedule"): AppError {
  const next = localTime(quiet.nextAllowedAt, quiet.timeZone);
  const offer =
    what === "send"
      ? `Schedule it for ${hhmm(next.minutes)} their time (nextAllowedAt), or send anyway with quietHoursOverride and a reason.`
      : `Choose a time from ${hhmm(QUIET_UNTIL)} to ${hhmm(QUIET_FROM)} their time, e.g. nextAllowedAt.`;
  return new AppError(
    ErrorCode.QUIET_HOURS,
    `${what === "send" ? "It is" : "That is"} ${quiet.localTime} for ${who} (${quiet.timeZone}): no SMS between ${hhmm(QUIET_FROM)} and ${hhmm(QUIET_UNTIL)} in the customer's time. ${offer}`,
    { timeZone: quiet.timeZone, localTime: quiet.localTime, nextAllowedAt: quiet.nextAllowedAt.toISOString() },
  );
}
