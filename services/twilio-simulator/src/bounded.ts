/**
 * What a long-running fake keeps stays bounded: each record list and each lookup holds its newest entries only (the
 * API's development simulator runs for days; tests reset() far sooner).
 */

/** Appends `item`, then drops the oldest items beyond `max`. */
export function pushBounded<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

/** Sets `key` as the newest entry, then drops the oldest entries beyond `max`. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}

/** The first `maxBytes` of a UTF-8 body, cut before a character that would not fit whole. */
export function utf8Prefix(buf: Buffer, maxBytes: number): string {
  if (buf.length <= maxBytes) return buf.toString("utf8");
  // In streaming mode the decoder holds back an incomplete last character instead of replacing it.
  return new TextDecoder("utf-8").decode(buf.subarray(0, maxBytes), { stream: true });
}
