/**
 * A random UUID (v4). crypto.randomUUID exists only in secure contexts (https, localhost); a console opened over
 * plain http on a LAN address still needs keys, so fall back to getRandomValues, which exists everywhere.
 */
export function newUuid(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === "function") return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Ids of entries shown before the API answered (optimistic); the API's ids are ObjectIds, never this prefix. */
export const TEMP_ID_PREFIX = "temp-";

export function isTempId(id: string): boolean {
  return id.startsWith(TEMP_ID_PREFIX);
}
