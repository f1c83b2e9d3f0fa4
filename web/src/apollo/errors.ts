import { CombinedGraphQLErrors, ServerError, ServerParseError } from "@apollo/client";

/** A sentence to show for a failed operation: the API's own messages (they are written for people), else a hint. */
export function errorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((e) => e.message).join(" ") || "The request failed.";
  }
  if (ServerError.is(error) || ServerParseError.is(error)) {
    return `The API answered with HTTP ${error.statusCode}. Try again in a moment.`;
  }
  if (error instanceof TypeError) {
    // fetch() rejects with a TypeError when the API cannot be reached (offline, CORS, server down).
    return "Cannot reach the API. Check your connection and try again.";
  }
  return error instanceof Error && error.message ? error.message : "Something went wrong.";
}

/** Whether the API refused the operation with this `extensions.code` (UNAUTHENTICATED, NOT_FOUND...). */
export function hasErrorCode(error: unknown, code: string): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === code);
}
