import type { Deps } from "../platform/deps.js";
import { twilioErrorSentence } from "./errors.js";

/** Why Twilio did not take a request: its error code (none when it could not be reached) and a sentence for the agent. */
export interface TwilioRefusal {
  code?: number;
  sentence: string;
}

export type TwilioAnswer<T> = { ok: true; value: T } | { ok: false; refusal: TwilioRefusal };

/**
 * Calls Twilio through the SDK and turns a refusal (RestException: code and message) or a network failure into a
 * TwilioRefusal, logged once. The caller records it on the entry (FAILED, with the code and the sentence) instead of
 * losing it: the agent sees why, and can retry.
 */
export async function requestTwilio<T>(
  deps: Pick<Deps, "logger" | "metrics">,
  what: { refused: string; log: Record<string, unknown>; unreachable: string },
  request: () => Promise<T>,
): Promise<TwilioAnswer<T>> {
  try {
    return { ok: true, value: await request() };
  } catch (err) {
    const e = err as { code?: number; message?: string };
    const code = typeof e.code === "number" ? e.code : undefined;
    deps.logger.warn({ err, ...what.log, code }, what.refused);
    deps.metrics.twilioSendFailures.inc({ operation: what.refused, reason: code ? String(code) : "unreachable" });
    const sentence = code ? twilioErrorSentence(code, e.message) : `Twilio could not be reached (${e.message ?? "no answer"}); ${what.unreachable}`;
    return { ok: false, refusal: { code, sentence } };
  }
}

/** The fields an entry takes when Twilio refused it: the failed status, when, the code and the sentence. */
export function refusedFields<S extends string>(refusal: TwilioRefusal, failedStatus: S) {
  return { status: failedStatus, status_updated_at: new Date(), error_code: refusal.code, error_message: refusal.sentence };
}
