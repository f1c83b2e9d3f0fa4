#!/usr/bin/env node
/**
 * Proves the production build carries no development code: after `npm run build`, dist/ has no dev/ folder and no
 * file that names the Twilio simulator or the demo seed; then the built server starts with NODE_ENV=production and
 * answers /healthz while a module-resolution hook refuses any simulator or dev/ module it would load.
 *
 *   npm run build -w @talkdesk-sms/api && node services/api/scripts/check-production-build.mjs   (needs MONGODB_URI)
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(apiDir, "dist");
const fail = (message) => {
  console.error(`check-production-build: ${message}`);
  process.exit(1);
};

if (!existsSync(path.join(dist, "main.js"))) fail("dist/main.js is missing: run `npm run build -w @talkdesk-sms/api` first.");
const files = (dir) => readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? files(path.join(dir, n)) : [path.join(dir, n)]));
const built = files(dist).filter((f) => f.endsWith(".js"));
const DEV_MARKERS = [/twilio-simulator/, /FakeTwilio/, /demo-seed/, /simulator-routes/];
const offenders = built.filter(
  (f) =>
    path.relative(dist, f).split(path.sep)[0] === "dev" ||
    DEV_MARKERS.some((m) =>
      m.test(
        readFileSync(f, "utf8")
          .replace(/\/\*[\s\S]*?\*\//g, "")
          .replace(/\/\/.*$/gm, ""),
      ),
    ),
);
if (offenders.length) fail(`development code in the production build:\n  ${offenders.map((f) => path.relative(apiDir, f)).join("\n  ")}`);
console.log(`dist/: ${built.length} modules, none of them development code.`);

if (!process.env.MONGODB_URI) fail("MONGODB_URI is not set: the built server needs a database to start.");
const hook = `data:text/javascript,${encodeURIComponent(`
import { register } from "node:module";
register("data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (/twilio-simulator|\\/dist\\/dev\\//.test(result.url)) throw new Error("production resolved a development module: " + result.url);
  return result;
}`)}");
`)}`;
const server = spawn(process.execPath, ["--import", hook, path.join(dist, "main.js")], {
  cwd: apiDir,
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    SESSION_SECRET: "check-production-build-".padEnd(64, "x"),
    PUBLIC_URL: "https://sms.example.com",
    TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
    TWILIO_AUTH_TOKEN: "check-production-build",
    MONGODB_DB: `check_production_build_${process.pid}`,
  },
  stdio: ["ignore", "pipe", "pipe"],
});
let output = "";
const timer = setTimeout(() => {
  server.kill("SIGKILL");
  fail(`the built server did not start within 30 s:\n${output}`);
}, 30_000);
server.stderr.on("data", (d) => (output += d));
server.on("exit", (code) => {
  if (code !== 0 && code !== null) {
    clearTimeout(timer);
    fail(`the built server exited with ${code}:\n${output}`);
  }
});
server.stdout.on("data", async (d) => {
  output += d;
  const url = /API ready: (http:\/\/[^/\s"]+)/.exec(output)?.[1];
  if (!url || server.checked) return;
  server.checked = true;
  clearTimeout(timer);
  const health = await fetch(`${url}/healthz`);
  const simulator = await fetch(`${url}/dev/customer-phone/messages`);
  const info = await (
    await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ serverInfo { simulator } }" }),
    })
  ).json();
  server.kill("SIGTERM");
  if (health.status !== 200) fail(`/healthz answered ${health.status}`);
  if (simulator.status !== 404) fail(`/dev/customer-phone answered ${simulator.status} in production (expected 404)`);
  if (info.data?.serverInfo?.simulator !== false) fail(`serverInfo.simulator is ${JSON.stringify(info)} in production`);
  console.log("NODE_ENV=production: the built server started, answered /healthz, resolved no development module, mounted no simulator.");
});
