import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { AppError, ErrorCode } from "./errors.js";
import {
  getNamedType,
  GraphQLError,
  isLeafType,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
} from "graphql";

/**
 * How much one operation may ask for, whoever asks. Every limit is checked before anything runs, on HTTP and on the
 * WebSocket alike, and each refusal is a coded error a client developer can act on:
 *  - tokens: the document is parsed only up to MAX_TOKENS (a 1 MB document of aliases is refused after 5,000 tokens,
 *    in a millisecond, instead of being parsed whole);
 *  - aliases: at most MAX_ALIASES per operation (aliases are how one request multiplies any field);
 *  - cost: every object in the answer costs 1 (scalars cost nothing), and a list field asked with `first: n` costs n
 *    times its selection (default 20, the API's default page): the estimate of how many objects the answer can hold,
 *    at most MAX_COST (a full page of 100 contacts with a full page of 100 entries each is about 20,000);
 *  - depth: platform/depth-limit.ts.
 * The console's largest operation costs a few hundred; an attacker's contacts(first:100) → timeline(first:100) →
 * contact → timeline(first:100) costs two million.
 */
export const MAX_TOKENS = 5_000;
const MAX_ALIASES = 30;
const MAX_COST = 25_000;
const DEFAULT_PAGE = 20;

/** A list field (`first` argument) costs its page size times what each item selects. */
const pageEstimator: ComplexityEstimator = ({ args, field, childComplexity }) => {
  if (!field.args.some((a) => a.name === "first")) return undefined;
  const first = typeof args.first === "number" && args.first > 0 ? Math.min(args.first, 1_000) : DEFAULT_PAGE;
  return 1 + first * childComplexity;
};

/** Objects cost 1, scalars and enums (leaves) nothing. */
const objectEstimator: ComplexityEstimator = ({ field, childComplexity }) => {
  return isLeafType(getNamedType(field.type)) ? 0 : 1 + childComplexity;
};

/** The estimated cost of running `document` with `variables`. */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string): number {
  return getComplexity({ schema, query: document, variables, operationName, estimators: [pageEstimator, objectEstimator] });
}

/** QUERY_TOO_COMPLEX when the operation would cost more than MAX_COST. */
export function assertAffordable(cost: number): void {
  if (cost > MAX_COST) {
    throw new AppError(
      ErrorCode.QUERY_TOO_COMPLEX,
      `This operation could return about ${cost} objects; the limit is ${MAX_COST}. Ask for smaller pages (first) or fewer nested lists, and page through the rest.`,
      { cost, limit: MAX_COST },
    );
  }
}

/** Refuses operations with more than `max` aliases (fragments counted where they are defined). */
export function aliasLimit(max = MAX_ALIASES) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases++;
      },
      Document: {
        leave(node) {
          if (aliases > max) {
            context.reportError(
              new GraphQLError(`This document has ${aliases} aliases; the limit is ${max}. Send fewer fields at once.`, {
                nodes: [node.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) ?? node.definitions[0]],
                extensions: { code: ErrorCode.QUERY_TOO_COMPLEX },
              }),
            );
          }
        },
      },
    };
  };
}
