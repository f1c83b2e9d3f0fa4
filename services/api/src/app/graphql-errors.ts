import type { ApolloServerPlugin } from "@apollo/server";
import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from "graphql";
import type { Context } from "../platform/context.js";
import { AppError, unavailable } from "../platform/errors.js";
import { isDatabaseUnreachable } from "../platform/mongo-errors.js";
import type { Logger } from "../platform/logger.js";

/**
 * What a client sees of an error. AppErrors (a code and a sentence a person can act on) and GraphQL's own refusals
 * (parse, validation, variables) pass through; anything else is a bug or an outage whose detail (a mongoose cast
 * message, a driver error, a stack) is for the log only: outside development the client gets a generic sentence, the
 * code INTERNAL_SERVER_ERROR and the request id that finds the detail in the log.
 */
const GRAPHQL_OWN = /^(GRAPHQL_|BAD_USER_INPUT$|PERSISTED_QUERY_|BAD_REQUEST$|OPERATION_RESOLUTION_FAILURE$)/;

export const INTERNAL_ERROR_MESSAGE = "Something went wrong on our side. If it happens again, quote this request id to support.";

function isExpectedError(error: unknown, code: unknown): boolean {
  const original = (error as { originalError?: unknown })?.originalError;
  return error instanceof AppError || original instanceof AppError || GRAPHQL_OWN.test(String(code ?? ""));
}

/** What a client sees instead of an unexpected error: where it happened, not what it was. */
function masked(error: Pick<GraphQLFormattedError, "locations" | "path">, requestId?: string): GraphQLFormattedError {
  return {
    message: INTERNAL_ERROR_MESSAGE,
    locations: error.locations,
    path: error.path,
    extensions: { code: "INTERNAL_SERVER_ERROR", ...(requestId === undefined ? {} : { requestId }) },
  };
}

/** Apollo's formatError: masks what is not expected (outside development). The request id is added on the way out. */
export function formatGraphQLError(mask: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // An outage of the database is not a bug: say so, with a code a client can retry on.
    if (isDatabaseUnreachable((error as { originalError?: unknown })?.originalError ?? error)) {
      const { message, extensions } = unavailable();
      return { message, locations: formatted.locations, path: formatted.path, extensions: { code: extensions.code } };
    }
    return !mask || isExpectedError(error, formatted.extensions?.code) ? formatted : masked(formatted);
  };
}

/** Logs each unexpected error once, with the request's logger (so with its request id), and tags masked errors with it. */
export function unexpectedErrorsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (!isExpectedError(error, error.extensions?.code))
              contextValue.logger.error({ err: error.originalError ?? error }, "unexpected GraphQL error");
          }
        },
        async willSendResponse({ response, contextValue }) {
          const requestId = contextValue.req?.id;
          if (response.body.kind !== "single" || !response.body.singleResult.errors || requestId === undefined) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
            e.extensions?.code === "INTERNAL_SERVER_ERROR" ? { ...e, extensions: { ...e.extensions, requestId: String(requestId) } } : e,
          );
        },
      };
    },
  };
}

/** The same for subscriptions (graphql-ws): each event's errors, logged and masked, with the socket's id. */
export function maskSubscriptionErrors(result: ExecutionResult, opts: { mask: boolean; logger: Logger; socketId: string }): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error: GraphQLError) => {
    if (isExpectedError(error, error.extensions?.code)) return error;
    opts.logger.error({ err: error.originalError ?? error, socketId: opts.socketId }, "unexpected GraphQL error in a subscription");
    return opts.mask ? masked(error, opts.socketId) : error;
  });
  return { ...result, errors: errors as GraphQLError[] };
}
