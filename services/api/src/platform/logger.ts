import { pino, type DestinationStream, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

const REDACTED = "[redacted]";
/** Keys whose values are credentials wherever they appear (request headers, an SDK's request config...). */
const SECRET_KEYS =
  /^(authorization|proxy-authorization|cookie|set-cookie|password|password_hash|token|auth|authtoken|auth_token|x-twilio-signature)$/i;
/** Credentials written into strings: HTTP Basic and Bearer values, and URLs with a user:password part. */
const SECRET_TEXT: [RegExp, string][] = [
  [/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/g, `$1 ${REDACTED}`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${REDACTED}@`],
];
/** What an HTTP client's error (axios, under the Twilio SDK) may carry that is only noise or a leak in a log. */
const DROPPED_KEYS = new Set(["request", "socket", "agent", "httpAgent", "httpsAgent", "_events", "res", "client"]);

function scrubText(text: string): string {
  return SECRET_TEXT.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/**
 * A deep copy of what is about to be logged with every credential replaced: secret keys at any depth, Basic/Bearer
 * values and URL passwords inside strings, and an HTTP client's request objects dropped. Depth and size are bounded,
 * so a huge or cyclic object cannot stall the logger.
 */
export function scrub(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value) || depth > 6) return "[…]";
  seen.add(value);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrub(v, depth + 1, seen));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value).slice(0, 100)) {
    if (DROPPED_KEYS.has(key)) continue;
    out[key] = SECRET_KEYS.test(key) ? REDACTED : scrub(v, depth + 1, seen);
  }
  return out;
}

/** pino's error serializer (message, stack, type, own properties), then scrubbed. */
const safeError = (err: unknown) => scrub(err instanceof Error ? pino.stdSerializers.err(err) : err);

export function createLogger(config: Pick<Config, "logLevel" | "nodeEnv">, destination?: DestinationStream): Logger {
  const pretty = config.nodeEnv === "development" && process.stdout.isTTY && !destination;
  const options = {
    level: config.logLevel,
    base: undefined,
    redact: { paths: ["req.headers.authorization", "req.headers.cookie", "password", "token"], censor: REDACTED },
    serializers: { err: safeError, error: safeError },
    ...(pretty ? { transport: { target: "pino-pretty", options: { translateTime: "HH:MM:ss", ignore: "pid,hostname" } } } : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
