#!/usr/bin/env node
/**
 * First-load JS of each App Router page after `next build` (Next 16 no longer prints it): the root main files plus
 * every chunk the page and its layouts load, each counted once, raw and gzipped (what the browser downloads).
 *
 *   npm run build -w @talkdesk-sms/web && node web/scripts/first-load-js.mjs [distDir]
 */
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.resolve(webDir, process.argv[2] ?? ".next");
const buildManifest = JSON.parse(readFileSync(path.join(dist, "build-manifest.json"), "utf8"));

function manifests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...manifests(full));
    else if (name === "page_client-reference-manifest.js") found.push(full);
  }
  return found;
}

const sizeCache = new Map();
function sizes(file) {
  if (!sizeCache.has(file)) {
    const body = readFileSync(path.join(dist, file));
    sizeCache.set(file, { raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  return sizeCache.get(file);
}

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const rows = [];
for (const file of manifests(path.join(dist, "server", "app"))) {
  globalThis.self = {};
  globalThis.__RSC_MANIFEST = {};
  new Function(readFileSync(file, "utf8"))();
  for (const [route, manifest] of Object.entries(globalThis.__RSC_MANIFEST)) {
    const files = new Set(buildManifest.rootMainFiles);
    for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const c of chunks) files.add(c);
    const existing = [...files].filter((f) => existsSync(path.join(dist, f)));
    const total = existing.reduce((sum, f) => ({ raw: sum.raw + sizes(f).raw, gzip: sum.gzip + sizes(f).gzip }), { raw: 0, gzip: 0 });
    rows.push({ route: route.replace(/\/page$/, "") || "/", files: existing.length, ...total });
  }
}
rows.sort((a, b) => a.route.localeCompare(b.route));
console.log("First-load JS per page (gzip -9; raw in parentheses)");
for (const r of rows) console.log(`${r.route.padEnd(34)} ${kb(r.gzip).padStart(10)}  (${kb(r.raw)}, ${r.files} files)`);
