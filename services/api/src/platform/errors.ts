import { GraphQLError } from "graphql";

/**
 * The error codes clients can rely on. Each domain throws an AppError with one of these and a sentence a person can
 * act on; Apollo passes it through as `extensions.code`, and webhook routes map it to an HTTP status.
 */
export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  NOT_FOUND = "NOT_FOUND",
  CONFLICT = "CONFLICT",
  OPTED_OUT = "OPTED_OUT",
  /** The customer's local time is within the account's quiet hours: `extensions` say their time and the next allowed. */
  QUIET_HOURS = "QUIET_HOURS",
  QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX",
  /** Too many attempts in a row (sign-in): `extensions.retryAfterSeconds` says when to try again. */
  RATE_LIMITED = "RATE_LIMITED",
  /** The database does not answer: nothing was done; try again shortly. */
  UNAVAILABLE = "UNAVAILABLE",
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  OPTED_OUT: 409,
  QUIET_HOURS: 409,
  QUERY_TOO_COMPLEX: 400,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/** A value quoted in an error sentence: what the caller sent, cut to 40 characters (never a megabyte echoed back). */
export function quote(value: unknown): string {
  const text = String(value);
  return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}

export class AppError extends GraphQLError {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
    this.name = "AppError";
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export const badInput = (message: string, field?: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const notFound = (what: string, id: string) => new AppError(ErrorCode.NOT_FOUND, `No ${what} with id "${id}" exists in your account.`);
export const unauthenticated = (message = "Sign in first: send `Authorization: Bearer <token>` from `login`, or an API key.") =>
  new AppError(ErrorCode.UNAUTHENTICATED, message);
export const unavailable = () =>
  new AppError(ErrorCode.UNAVAILABLE, "The database is not answering right now, so nothing was done: try again in a moment.", {
    http: { status: 503 },
  });
export const forbidden = (message: string) => new AppError(ErrorCode.FORBIDDEN, message);
