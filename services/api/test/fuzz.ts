import { createHash } from "node:crypto";
import fc from "fast-check";
import mongoose from "mongoose";
import { afterAll, expect } from "vitest";
import { ErrorCode } from "../src/platform/errors.js";

/**
 * What the fuzz tests throw at the API, and how they judge the answer. Hostile values are built to reach the code
 * behind the schema: text in every shape (NUL, control characters, lone surrogates, right-to-left overrides,
 * operators such as `{"$gt": ""}`), numbers where text belongs and text where numbers belong, malformed ids and
 * phone numbers, and a few very long strings.
 */

/** Values that broke or nearly broke something somewhere: each run draws them often. */
const NASTY = [
  "",
  " ",
  "\t\n\r",
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31mred",
  "\u007f\u0085",
  "\ud800",
  "\udfff\ud800",
  "\u202egnp.exe",
  "\ufeff\u200b",
  "👩‍👩‍👧‍👦🇨🇦",
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
  "$gt",
  '{"$gt":""}',
  "{ $ne: null }",
  "'; DROP TABLE contacts; --",
  "<script>alert(1)</script>",
  "../../../etc/passwd",
  "%00%E0%A4%A",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e400",
  "0x1F",
  "９９９",
  "٠١٢٣٤٥٦٧٨٩",
  "STOP",
];

/** One UTF-16 code unit, lone surrogates and NUL included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const controlChar = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })).map((c) => String.fromCharCode(c));

/** Text of any kind, mostly short. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY), weight: 4 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: codeUnit, maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: controlChar, minLength: 1, maxLength: 8 }), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }), fc.integer({ min: 200, max: 20_000 }))
      .map(([s, n]) => s.repeat(n)),
    weight: 1,
  },
);

/** `length` characters (about a MB at most): a few runs of each operation send one. */
export const longString = (length: number, unit = "x") => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Whatever JSON can carry where text is expected: numbers, booleans, null, arrays, operator objects, text. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 6 },
  { arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 1e308, -0)), weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.constantFrom({ $gt: "" }, { $ne: null }, { $regex: ".*" }, { $where: "sleep(1000)" }), weight: 2 },
  { arbitrary: fc.array(hostileString, { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }), weight: 1 },
);

/** An id: one of `known` (another account's, a real one), random hex, almost-ids, or anything else. */
export const hostileId = (known: string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...known), weight: 3 },
    { arbitrary: fc.stringMatching(/^[0-9a-f]{24}$/), weight: 2 },
    {
      arbitrary: fc.constantFrom(
        "",
        "000000000000000000000000",
        "ffffffffffffffffffffffff",
        "aaaaaaaaaaaa",
        "5271079004420e000200008",
        "5271079004420e0002000086 ",
      ),
      weight: 2,
    },
    { arbitrary: hostileValue, weight: 3 },
  );

/** Phone numbers people mistype and attackers craft, some of them valid. */
export const hostilePhone: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.stringMatching(/^\+?[0-9 ().-]{0,24}$/), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      "+15146300808",
      "(514) 630-0809",
      "+1",
      "+",
      "0",
      "+999999999999999999999",
      "+15146300808\u0000",
      "+1 514 630 0808 ext. 5",
      "tel:+15146300808",
    ),
    weight: 2,
  },
  { arbitrary: hostileValue, weight: 2 },
);

/** A GraphQL literal for `value`, written inline in the document (objects' keys as given: `$gt` does not parse). */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${literal(v)}`)
    .join(", ")}}`;
}

/** The codes a refusal may carry: the API's own and GraphQL's (parse, validation, variables). Never INTERNAL_SERVER_ERROR. */
export const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST"]);

/** Fields that change on their own (an API key's last use is written in the background): not part of "unchanged". */
const VOLATILE = new Set(["last_used_at"]);

/**
 * A digest of every document of `collections` (sorted by _id), to compare before and after a refused request. One
 * digest per collection, so a failure names the collection that changed.
 */
export async function snapshot(collections: string[]): Promise<Record<string, string>> {
  const db = mongoose.connection.db!;
  const digests = await Promise.all(
    collections.map(async (name) => {
      const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
      const text = JSON.stringify(docs, (k, v) => (VOLATILE.has(k) ? undefined : v));
      return [name, `${docs.length}:${createHash("sha1").update(text).digest("hex")}`] as const;
    }),
  );
  return Object.fromEntries(digests);
}

/** The server still answers, and its database is up. */
export async function expectHealthy(url: string): Promise<void> {
  const res = await fetch(`${url}/healthz`);
  expect(res.status).toBe(200);
}

/** Shortens a value for an assertion message (a 1 MB string would drown the report). */
export const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text;
};

/**
 * fast-check's settings for one property: the runs, and the seed from FUZZ_SEED to replay a failure it printed.
 * Shrinking a failure (a request per step) stops after a minute with the smallest counterexample found so far.
 */
export const runs = (numRuns: number) => ({
  numRuns,
  interruptAfterTimeLimit: 60_000,
  markInterruptAsFailure: true,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});

/**
 * A valid request with one field made hostile (or left out): how most bugs are reached, since a request wrong in
 * every field is refused at its first. `valid` runs for each request (a fresh phone number, a fresh key).
 */
export function oneFieldHostile(
  valid: () => Record<string, unknown>,
  hostile: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc.constantFrom(...Object.keys(hostile)).chain((key) =>
    fc.option(hostile[key], { nil: undefined, freq: 8 }).map((value) => {
      const { [key]: _replaced, ...rest } = valid();
      return value === undefined ? rest : { ...rest, [key]: value };
    }),
  );
}

/** Counts what each operation answered; with FUZZ_REPORT set, prints the counts once the file has run. */
export function tallyOutcomes(): (what: string, outcome: string | number) => void {
  const outcomes: Record<string, Record<string, number>> = {};
  afterAll(() => {
    if (process.env.FUZZ_REPORT)
      console.info(
        Object.entries(outcomes)
          .map(([what, counts]) => `${what}: ${JSON.stringify(counts)}`)
          .join("\n"),
      );
  });
  return (what, outcome) => {
    outcomes[what] ??= {};
    outcomes[what][outcome] = (outcomes[what][outcome] ?? 0) + 1;
  };
}
