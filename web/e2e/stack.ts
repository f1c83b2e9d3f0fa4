/**
 * Starts the real stack for the e2e suite, on 127.0.0.1 only:
 *  - the API (services/api, `node --import @swc-node/register/esm-register src/main.ts`) in development with the
 *    built-in Twilio simulator, on a fresh database: `e2e_<random>` on MONGODB_URI when set, else the embedded
 *    database in a temporary DATA_DIR (the developer's .data is never touched);
 *  - a production build of the web app for that API (`next build` into .next-e2e, then `next start`).
 * Everything is stopped (and the database dropped) by `stop()`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = path.resolve(WEB_DIR, "..");
const API_DIR = path.join(REPO_ROOT, "services", "api");
const NEXT_BIN = path.join(REPO_ROOT, "node_modules", "next", "dist", "bin", "next");
const HOST = "127.0.0.1";

export interface Stack {
  apiUrl: string;
  webUrl: string;
  /** Stops the API and starts it again on the same port and database (as a deploy or a crash would). */
  restartApi(): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Child {
  name: string;
  process: ChildProcess;
  output: () => string;
}

function start(name: string, command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Child {
  // Its own process group, so that stopping it also stops what it started (the embedded database).
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (process.env.E2E_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { name, process: child, output: () => output };
}

function exited(child: Child): Promise<number | null> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return Promise.resolve(child.process.exitCode);
  return new Promise((resolve) => child.process.once("exit", (code) => resolve(code)));
}

/** SIGTERM to the child's group, SIGKILL after a grace period. */
async function stopChild(child: Child | undefined, graceMs = 10_000): Promise<void> {
  if (!child?.process.pid || child.process.exitCode !== null || child.process.signalCode !== null) return;
  const group = -child.process.pid;
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(group, signal);
    } catch {
      /* already gone */
    }
  };
  kill("SIGTERM");
  const timer = setTimeout(() => kill("SIGKILL"), graceMs);
  await exited(child);
  clearTimeout(timer);
  kill("SIGKILL"); // anything the child left behind in its group
}

async function waitFor(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) {
      throw new Error(`${child.name} exited (${child.process.exitCode}) before ${url} answered:\n${child.output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s:\n${child.output()}`);
}

function run(child: Child): Promise<void> {
  return exited(child).then((code) => {
    if (code !== 0) throw new Error(`${child.name} failed (exit ${code}):\n${child.output()}`);
  });
}

/** Drops the e2e database on MONGODB_URI, through the API's own driver (mongoose). */
async function dropDatabase(uri: string, dbName: string): Promise<void> {
  const script = `
    import mongoose from "mongoose";
    const conn = await mongoose.createConnection(process.env.URI, { dbName: process.env.DB, serverSelectionTimeoutMS: 5000 }).asPromise();
    await conn.dropDatabase();
    await conn.close();
  `;
  const child = start("drop-database", process.execPath, ["--input-type=module", "-e", script], {
    cwd: API_DIR,
    env: { ...process.env, URI: uri, DB: dbName },
  });
  await run(child);
}

export async function startStack(): Promise<Stack> {
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const apiUrl = `http://${HOST}:${apiPort}`;
  const webUrl = `http://${HOST}:${webPort}`;
  const mongodbUri = process.env.MONGODB_URI || undefined;
  const dbName = `e2e_${randomBytes(6).toString("hex")}`;
  const dataDir = mongodbUri ? undefined : mkdtempSync(path.join(os.tmpdir(), "talkdesk-e2e-"));

  const apiEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "development",
    PORT: String(apiPort),
    PUBLIC_URL: apiUrl,
    WEB_ORIGIN: webUrl,
    MONGODB_DB: dbName,
    SEED_ON_EMPTY: "true",
    // The demo account's quiet hours (no SMS 21:00–8:00 the customer's time) are off for the suite, which runs at any
    // hour of the real clock; the quiet-hours tests turn them on.
    SEED_QUIET_HOURS: "off",
    LOG_LEVEL: "warn",
    ...(mongodbUri ? { MONGODB_URI: mongodbUri } : { DATA_DIR: dataDir }),
  };
  const webEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: ".next-e2e",
    NEXT_PUBLIC_API_URL: `${apiUrl}/graphql`,
  };

  let api: Child | undefined;
  let web: Child | undefined;
  const stop = async () => {
    await Promise.all([stopChild(web, 5_000), stopChild(api)]);
    if (mongodbUri) {
      await dropDatabase(mongodbUri, dbName).catch((err) => console.warn(`Could not drop the e2e database ${dbName}: ${err}`));
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // The API starts while the app builds (the build only needs the API's address).
    api = start("api", process.execPath, ["--import", "@swc-node/register/esm-register", "src/main.ts"], { cwd: API_DIR, env: apiEnv });
    const build = start("next build", process.execPath, [NEXT_BIN, "build"], { cwd: WEB_DIR, env: webEnv });
    await Promise.all([run(build), waitFor(`${apiUrl}/healthz`, api, 120_000)]);
    web = start("next start", process.execPath, [NEXT_BIN, "start", "-p", String(webPort), "-H", HOST], { cwd: WEB_DIR, env: webEnv });
    await waitFor(`${webUrl}/login`, web, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const startApi = () =>
    start("api", process.execPath, ["--import", "@swc-node/register/esm-register", "src/main.ts"], { cwd: API_DIR, env: apiEnv });
  const restartApi = async () => {
    await stopChild(api);
    api = startApi();
    await waitFor(`${apiUrl}/healthz`, api, 120_000);
  };
  return { apiUrl, webUrl, restartApi, stop };
}
