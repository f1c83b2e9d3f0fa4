/** Pure display helpers; every one takes the locale and time zone so tests do not depend on the machine. */

/** Seconds as m:ss (h:mm:ss from an hour); an em dash when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "—";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${String(m).padStart(2, "0")}:${ss}`;
}

export interface DateFormatOptions {
  now?: Date;
  locale?: string;
  timeZone?: string;
}

function dayKey(date: Date, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

/**
 * A timestamp for lists: the time today, the day and time this year, the full date before.
 * An unparsable value is returned as is rather than "Invalid Date".
 */
export function formatTimestamp(iso: string, { now = new Date(), locale, timeZone }: DateFormatOptions = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };
  if (dayKey(date, timeZone) === dayKey(now, timeZone)) {
    return new Intl.DateTimeFormat(locale, { ...time, timeZone }).format(date);
  }
  const sameYear = dayKey(date, timeZone).slice(0, 4) === dayKey(now, timeZone).slice(0, 4);
  return new Intl.DateTimeFormat(locale, {
    ...(sameYear ? { month: "short", day: "numeric", ...time } : { year: "numeric", month: "short", day: "numeric" }),
    timeZone,
  }).format(date);
}

/** The full date and time, for a tooltip / <time title>. */
export function formatFullTimestamp(iso: string, { locale, timeZone }: DateFormatOptions = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

/** An enum value such as NO_ANSWER, for people: "No answer". */
export function humanize(value: string | null | undefined): string {
  if (!value) return "";
  const words = value.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A URL that is safe as a media `src` or link: http(s) only, otherwise null. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** The WebSocket URL of a GraphQL HTTP endpoint: http→ws, https→wss; a relative URL is resolved against `base`. */
export function toWebSocketUrl(httpUrl: string, base?: string): string {
  const url = new URL(httpUrl, base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

/** The day an entry belongs to, for separators in a conversation: "Today", "Yesterday", "Tue, Mar 3", "Mar 3, 2025". */
export function dayLabel(iso: string, { now = new Date(), locale, timeZone }: DateFormatOptions = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const key = dayKey(date, timeZone);
  if (key === dayKey(now, timeZone)) return "Today";
  if (key === dayKey(new Date(now.getTime() - 86_400_000), timeZone)) return "Yesterday";
  const sameYear = key.slice(0, 4) === dayKey(now, timeZone).slice(0, 4);
  return new Intl.DateTimeFormat(
    locale,
    sameYear ? { weekday: "short", month: "short", day: "numeric", timeZone } : { year: "numeric", month: "short", day: "numeric", timeZone },
  ).format(date);
}

/** A count the API stops at `cap` (that many or more): "999+" from there. */
export function formatCount(n: number, cap: number): string {
  return n >= cap ? `${cap - 1}+` : String(n);
}

/** When a scheduled message goes: "Thu, Dec 4, 9:00 AM" (in `timeZone`, default the browser's). */
export function formatWhen(iso: string, { locale, timeZone }: DateFormatOptions = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone }).format(
    date,
  );
}

/** The same moment on the customer's clock, "8:00 AM", when it reads differently from the agent's; else null. */
export function customerClock(iso: string, customerZone: string | null | undefined, { locale, timeZone }: DateFormatOptions = {}): string | null {
  if (!customerZone) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const at = (tz: string | undefined) => new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: tz }).format(date);
  try {
    const theirs = at(customerZone);
    return theirs === at(timeZone) ? null : theirs;
  } catch {
    return null; // a zone this browser does not know
  }
}
