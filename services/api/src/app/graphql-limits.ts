import type { ApolloServerPlugin } from "@apollo/server";
import {
  getVariableValues,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import type { SubscribePayload } from "graphql-ws";
import type { Context } from "../platform/context.js";
import { depthLimit } from "../platform/depth-limit.js";
import { AppError } from "../platform/errors.js";
import { aliasLimit, assertAffordable, MAX_TOKENS, queryCost } from "../platform/query-limits.js";

/**
 * The same limits on both transports (platform/query-limits.ts): Apollo over HTTP, graphql-ws over the WebSocket.
 * Without introspection (production, unless GRAPHQL_INTROSPECTION=true) `__schema` and `__type` are refused too.
 */
export function limitRules(introspection: boolean): ValidationRule[] {
  return [depthLimit(), aliasLimit(), ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
}

export const parseOptions = { maxTokens: MAX_TOKENS };

/**
 * Apollo: the cost of the resolved operation, with its variables, before it runs. Variables that do not fit their
 * types are left for Apollo to refuse (BAD_USER_INPUT, 400): nothing runs then. A refusal here is answered with its
 * code's status (Apollo would answer 500 for any error thrown at this stage).
 */
export function costLimitPlugin(schema: GraphQLSchema): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, operationName }) {
          const variables = request.variables ?? {};
          if (getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return;
          try {
            assertAffordable(queryCost(schema, document, variables, operationName ?? undefined));
          } catch (err) {
            if (err instanceof AppError) throw new AppError(err.code, err.message, { ...err.extensions, http: { status: err.httpStatus } });
            throw err;
          }
        },
      };
    },
  };
}

/** graphql-ws: parse (up to MAX_TOKENS), validate with the same rules, check the cost; errors answer the operation. */
export function limitedSubscribe(schema: GraphQLSchema, introspection: boolean) {
  const rules = [...specifiedRules, ...limitRules(introspection)];
  return (_ctx: unknown, _id: string, payload: SubscribePayload): Omit<ExecutionArgs, "contextValue"> | readonly GraphQLError[] => {
    let document: DocumentNode;
    try {
      document = parse(payload.query, parseOptions);
    } catch (err) {
      return [err instanceof GraphQLError ? err : new GraphQLError(String(err))];
    }
    const errors = validate(schema, document, rules);
    if (errors.length) return errors;
    try {
      assertAffordable(queryCost(schema, document, payload.variables ?? {}, payload.operationName ?? undefined));
    } catch (err) {
      return [err as GraphQLError];
    }
    return { schema, document, variableValues: payload.variables, operationName: payload.operationName };
  };
}
