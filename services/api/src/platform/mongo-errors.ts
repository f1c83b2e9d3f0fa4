/**
 * E11000: an insert or update hit a unique index — how "already there" is detected without transactions. FerretDB v1
 * reports an update's hit (not an insert's) as InternalError, code 1, quoting PostgreSQL's unique violation.
 */
export const isDuplicateKey = (err: unknown): boolean => {
  const { code, message } = (err ?? {}) as { code?: number; message?: string };
  return code === 11000 || (code === 1 && /duplicate key value violates unique constraint/.test(message ?? ""));
};

/**
 * Inserts, or — when a unique index says it is already there (a replayed webhook, a double click racing itself) —
 * finds the document that won. Safe without transactions: the unique index decides.
 */
export async function insertOrFind<T>(insert: () => Promise<T>, findExisting: () => Promise<T | null>): Promise<{ doc: T; inserted: boolean }> {
  try {
    return { doc: await insert(), inserted: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await findExisting();
    if (!existing) throw err;
    return { doc: existing, inserted: false };
  }
}

const UNREACHABLE = new Set([
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
]);

/** The database could not be reached (down, restarting, partitioned): a retry later may work, the request was not wrong. */
export function isDatabaseUnreachable(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | undefined;
  return !!e && (UNREACHABLE.has(e.name ?? "") || /buffering timed out/.test(e.message ?? ""));
}
