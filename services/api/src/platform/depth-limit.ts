import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from "graphql";

/** Deep enough for every real query (contacts → timeline → entry → contact → fields is 7), far from abuse. */
const MAX_QUERY_DEPTH = 12;

/**
 * Refuses operations nested deeper than `max` fields (fragments counted where they are spread). The schema has cycles
 * (Contact.timeline → Entry.contact → Contact.timeline …), and other services query this endpoint: without a limit
 * one request could ask for an unbounded amount of work.
 */
export function depthLimit(max = MAX_QUERY_DEPTH) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          deepest = Math.max(deepest, selection.name.value.startsWith("__") ? 0 : 1 + depthOf(selection.selectionSet, seen));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // A fragment spread inside itself is reported by graphql's own NoFragmentCycles rule.
          if (fragment && !seen.has(name)) deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, name])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > max) {
          context.reportError(
            new GraphQLError(`This query is nested ${depth} fields deep; the limit is ${max}. Ask for less at once and page through the rest.`, {
              nodes: [node],
            }),
          );
        }
      },
    };
  };
}
