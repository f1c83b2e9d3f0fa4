#!/usr/bin/env node
// Cuts the part of Twilio's official OpenAPI spec (twilio/twilio-oai, api_v2010) that this project depends on: the
// create-message and create-call operations and every component they reference. The full spec is 1.8 MB and lives
// outside the repository; the slice is committed so a clone anywhere can run the contract tests, and
// services/twilio-simulator/test/twilio-contract.test.ts re-extracts it whenever the full spec is present, so the
// slice cannot drift from its source.
//
//   node services/twilio-simulator/scripts/extract-twilio-contract.mjs [path/to/twilio_api_v2010.json]
//
// Default source: ../shared/twilio/twilio_api_v2010.json relative to the repository root.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = path.resolve(PACKAGE_ROOT, "../..");
export const DEFAULT_SPEC = path.resolve(REPO_ROOT, "../shared/twilio/twilio_api_v2010.json");
export const SLICE_FILE = path.join(PACKAGE_ROOT, "test/contracts/twilio-api-v2010.slice.json");

/** The operations we call through the SDK (calls come later, but their contract is pinned now). */
export const OPERATIONS = [
  { path: "/2010-04-01/Accounts/{AccountSid}/Messages.json", method: "post" },
  { path: "/2010-04-01/Accounts/{AccountSid}/Calls.json", method: "post" },
];

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * @param {any} spec the parsed full spec
 * @param {{ file: string, sha256: string }} source where it came from, recorded in the slice
 */
export function extractTwilioContract(spec, source) {
  const paths = {};
  for (const { path: p, method } of OPERATIONS) {
    const item = spec.paths?.[p];
    if (!item?.[method]) throw new Error(`The spec has no ${method.toUpperCase()} ${p}`);
    // Path-level fields (servers, description, x-twilio) stay; the other operations on the path do not.
    const kept = Object.fromEntries(Object.entries(item).filter(([k]) => !HTTP_METHODS.has(k)));
    paths[p] = { ...kept, [method]: item[method] };
  }

  const components = {};
  const pending = collectRefs(paths);
  const seen = new Set();
  while (pending.length > 0) {
    const ref = pending.shift();
    if (seen.has(ref)) continue;
    seen.add(ref);
    const match = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
    if (!match) throw new Error(`Unsupported $ref ${ref}: only #/components/... references are followed`);
    const [, kind, name] = match;
    const target = spec.components?.[kind]?.[name];
    if (target === undefined) throw new Error(`Dangling $ref ${ref}`);
    (components[kind] ??= {})[name] = target;
    pending.push(...collectRefs(target));
  }
  // The operations' security names a scheme; keep it so the slice is a spec a mock server can serve.
  if (spec.components?.securitySchemes) components.securitySchemes = spec.components.securitySchemes;

  return {
    openapi: spec.openapi,
    info: { title: spec.info?.title, version: spec.info?.version },
    "x-slice-source": {
      note:
        "A slice of Twilio's official OpenAPI spec (github.com/twilio/twilio-oai, spec/json/twilio_api_v2010.json): " +
        "only the operations below and the components they reference, unmodified. Regenerate with " +
        "`node services/twilio-simulator/scripts/extract-twilio-contract.mjs <full spec>`; do not edit by hand.",
      file: source.file,
      sha256: source.sha256,
      operations: OPERATIONS.map((o) => `${o.method.toUpperCase()} ${o.path}`),
    },
    servers: spec.servers,
    security: spec.security,
    paths,
    components: sortKeys(components),
  };
}

/** Reads the full spec file and returns its slice. */
export function extractFromFile(specFile = DEFAULT_SPEC) {
  const raw = readFileSync(specFile);
  const source = { file: path.basename(specFile), sha256: createHash("sha256").update(raw).digest("hex") };
  return extractTwilioContract(JSON.parse(raw.toString("utf8")), source);
}

function collectRefs(node, out = []) {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

function sortKeys(components) {
  return Object.fromEntries(
    Object.keys(components)
      .sort()
      .map((kind) => [
        kind,
        Object.fromEntries(
          Object.keys(components[kind])
            .sort()
            .map((n) => [n, components[kind][n]]),
        ),
      ]),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const specFile = path.resolve(process.argv[2] ?? DEFAULT_SPEC);
  const slice = extractFromFile(specFile);
  mkdirSync(path.dirname(SLICE_FILE), { recursive: true });
  writeFileSync(SLICE_FILE, `${JSON.stringify(slice, null, 2)}\n`);
  const count = Object.values(slice.components).reduce((n, c) => n + Object.keys(c).length, 0);
  console.log(`Wrote ${path.relative(process.cwd(), SLICE_FILE)}: ${OPERATIONS.length} operations, ${count} components, from ${specFile}`);
}
