/** E11000: an insert or update hit a unique index — how "already there" is detected without transactions. */
export const isDuplicateKey = (err: unknown): boolean => (err as { code?: number })?.code === 11000;
