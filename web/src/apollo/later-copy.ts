import { isReference, type Reference, type StoreObject, type TypePolicy } from "@apollo/client";

/** Whether timestamp `a` is strictly later than `b` (ISO strings); false when either is missing or unreadable. */
export function isLater(a: unknown, b: unknown): boolean {
  if (typeof a !== "string" || typeof b !== "string") return false;
  const at = Date.parse(a);
  const bt = Date.parse(b);
  return !Number.isNaN(at) && !Number.isNaN(bt) && at > bt;
}

/**
 * Type policy of an entity whose copies can arrive out of order (a request's answer overtaken by a live event): of two
 * copies, the one with the later `versionField` (an ISO timestamp the API sets) wins. With equal or missing
 * timestamps the incoming copy wins, as it would by default. An older copy only adds fields the cache lacks.
 *
 * Apollo hands the incoming fields of a normalized entity to its type's `merge` only when one of them has a field
 * `merge` of its own: the version field gets one that keeps the incoming value (the decision is the type's).
 */
export function laterCopyWins(versionField: string): TypePolicy {
  return {
    fields: { [versionField]: { merge: false } },
    merge(existing: StoreObject | Reference | undefined, incoming: StoreObject | Reference, { mergeObjects, readField }) {
      if (isReference(existing) && !isReference(incoming) && isLater(readField(versionField, existing), incoming[versionField])) {
        const missing: StoreObject = Object.fromEntries(Object.entries(incoming).filter(([field]) => readField(field, existing) === undefined));
        return mergeObjects<StoreObject | Reference>(existing, missing);
      }
      return existing ? mergeObjects(existing, incoming) : incoming;
    },
  };
}
