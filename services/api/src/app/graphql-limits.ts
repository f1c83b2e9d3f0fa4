import type { ApolloServerPlugin } from "@apollo/server";
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type ASTVisitor,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import type { SubscribePayload } from "graphql-ws";
import type { Context } from "../platform/context.js";
import { depthLimit } from "../platform/depth-limit.js";
import { AppError, badInput } from "../platform/errors.js";
import { aliasLimit, assertAffordable, MAX_TOKENS, queryCost } from "../platform/query-limits.js";

/**
 * The same limits on both transports (platform/query-limits.ts): Apollo over HTTP, graphql-ws over the WebSocket.
 * Without introspection (production, unless GRAPHQL_INTROSPECTION=true) `__schema` and `__type` are refused too.
 */
export function limitRules(introspection: boolean): ValidationRule[] {
  return [depthLimit(), aliasLimit(), noNulLiterals, ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
}

export const parseOptions = { maxTokens: MAX_TOKENS };

/**
 * NUL (U+0000) cannot be stored: FerretDB on PostgreSQL refuses it in any document and any query, so text holding it
 * would fail deep inside a resolver. It is refused up front, in the document's strings and in the variables alike.
 */
const NUL = "\u0000";
const nulRefusal = (where: string) => `${where} contains the NUL character (U+0000), which cannot be stored: remove it.`;

function noNulLiterals(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      if (node.value.includes(NUL)) context.reportError(new GraphQLError(nulRefusal("A string of this document"), { nodes: node }));
    },
  };
}

/** Where in a variable's value the first NUL is ($input.name, $numbers[1]), if anywhere. */
function nulIn(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return value.includes(NUL) ? path : undefined;
  if (!value || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nulIn(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/**
 * What both transports check once the operation is known, before it runs: its variables hold no NUL, and its cost.
 * Variables that do not fit their declared types are left to the executor, which refuses them (Apollo: BAD_USER_INPUT,
 * 400) before anything runs.
 */
function checkOperation(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): void {
  const operation = getOperationAST(document, operationName);
  if (!operation || getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return;
  for (const [name, value] of Object.entries(variables)) {
    const path = nulIn(value, `$${name}`);
    if (path) throw badInput(nulRefusal(`The variable ${path}`), name);
  }
  assertAffordable(queryCost(schema, document, variables, operationName));
}

/** Apollo: checkOperation. A refusal is answered with its code's status (Apollo answers 500 for errors thrown here). */
export function operationLimitsPlugin(schema: GraphQLSchema): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName }) {
          try {
            checkOperation(schema, document, request.variables ?? {}, operationName ?? undefined);
          } catch (err) {
            if (err instanceof AppError) throw new AppError(err.code, err.message, { ...err.extensions, http: { status: err.httpStatus } });
            throw err;
          }
        },
      };
    },
  };
}

/** graphql-ws: parse (up to MAX_TOKENS), validate with the same rules, checkOperation; errors answer the operation. */
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
      checkOperation(schema, document, payload.variables ?? {}, payload.operationName ?? undefined);
    } catch (err) {
      return [err as GraphQLError];
    }
    return { schema, document, variableValues: payload.variables, operationName: payload.operationName };
  };
}
