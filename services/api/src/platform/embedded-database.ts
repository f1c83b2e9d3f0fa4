import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./config.js";
import type { Logger } from "./logger.js";

/**
 * The database a newcomer gets with no configuration at all:
 *  1. mongodb-memory-server: a real mongod, downloaded once, its data kept under `<dataDir>/mongodb`;
 *  2. where that download is impossible (air-gapped machines, proxies), a `ferretdb` binary on PATH (or in
 *     `$(go env GOPATH)/bin`) on its SQLite backend under `<dataDir>/ferretdb`;
 *  3. otherwise one message naming both ways out.
 * `MONGODB_URI` bypasses all of this.
 */
export interface EmbeddedDatabase {
  uri: string;
  engine: "mongodb-memory-server" | "ferretdb";
  stop(): Promise<void>;
}

class EmbeddedDatabaseError extends Error {}

const DOWNLOAD_FAILED_MARKER = "mongod-download-failed.json";
const RETRY_DOWNLOAD_AFTER_MS = 24 * 60 * 60 * 1000;

export async function startEmbeddedDatabase(opts: {
  /** Where the data lives; a restart on the same directory loses nothing. */
  dataDir: string;
  logger: Logger;
}): Promise<EmbeddedDatabase> {
  const { dataDir, logger } = opts;
  mkdirSync(dataDir, { recursive: true });
  // Remembered in the repository's .data (not dataDir, which tests make fresh each run), so a machine that
  // cannot download mongod pays the failed download once a day, not on every start.
  mkdirSync(path.join(REPO_ROOT, ".data"), { recursive: true });
  const marker = path.join(REPO_ROOT, ".data", DOWNLOAD_FAILED_MARKER);

  let mongoError: unknown;
  if (!recentlyFailed(marker)) {
    try {
      return await startMongoMemoryServer(dataDir);
    } catch (err) {
      mongoError = err;
      writeFileSync(marker, JSON.stringify({ at: new Date().toISOString(), error: String(err).slice(0, 500) }));
      logger.warn("mongodb-memory-server could not start a mongod (no download possible?); trying ferretdb");
    }
  }

  const ferretdb = findFerretdb(logger);
  if (ferretdb) return startFerretdb(ferretdb, dataDir, logger);

  throw new EmbeddedDatabaseError(
    "No database: set MONGODB_URI to a MongoDB server (e.g. MONGODB_URI=mongodb://127.0.0.1:27017/talkdesk), " +
      "or install Go (https://go.dev/dl) and run `npm run ferretdb:install` once so the embedded fallback can start FerretDB." +
      (mongoError ? ` (mongodb-memory-server failed: ${String(mongoError).split("\n")[0]})` : ` (delete ${marker} to retry the mongod download)`),
  );
}

function recentlyFailed(marker: string): boolean {
  if (!existsSync(marker)) return false;
  try {
    const { at } = JSON.parse(readFileSync(marker, "utf8")) as { at: string };
    return Date.now() - Date.parse(at) < RETRY_DOWNLOAD_AFTER_MS;
  } catch {
    return false;
  }
}

async function startMongoMemoryServer(dataDir: string): Promise<EmbeddedDatabase> {
  const { MongoMemoryServer } = await import("mongodb-memory-server-core");
  const dbPath = path.join(dataDir, "mongodb");
  mkdirSync(dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({ instance: { dbPath, storageEngine: "wiredTiger" } });
  return {
    uri: server.getUri(),
    engine: "mongodb-memory-server",
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

/**
 * A working ferretdb binary: the one `npm run ferretdb:install` builds into `.data/bin`, else one on PATH or in
 * `$(go env GOPATH)/bin` that starts (a plain `go install .../cmd/ferretdb@v1.24.2` builds one that panics at
 * start-up; see tools/ferretdb/main.go). As a last resort, builds tools/ferretdb when Go is installed.
 */
function findFerretdb(logger?: Logger): string | undefined {
  const ours = path.join(REPO_ROOT, ".data", "bin", "ferretdb");
  const candidates = [
    ours,
    ...(process.env.PATH ?? "")
      .split(path.delimiter)
      .filter(Boolean)
      .map((d) => path.join(d, "ferretdb")),
  ];
  const gopath = goEnvGopath();
  candidates.push(path.join(gopath ?? path.join(os.homedir(), "go"), "bin", "ferretdb"));
  const working = candidates.find((p) => existsSync(p) && starts(p));
  if (working) return working;
  if (!gopath || !existsSync(path.join(REPO_ROOT, "tools", "ferretdb", "go.mod"))) return undefined;
  logger?.info("building FerretDB from tools/ferretdb with Go (once; a few minutes the first time)");
  try {
    execFileSync("go", ["build", "-o", ours, "."], { cwd: path.join(REPO_ROOT, "tools", "ferretdb"), stdio: "inherit" });
    return ours;
  } catch {
    return undefined;
  }
}

function starts(binary: string): boolean {
  try {
    execFileSync(binary, ["--version"], { stdio: "ignore", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

function goEnvGopath(): string | undefined {
  try {
    return execFileSync("go", ["env", "GOPATH"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new EmbeddedDatabaseError(`ferretdb exited (${child.exitCode}): ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, "127.0.0.1", () => {
        sock.destroy();
        resolve(true);
      });
      sock.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new EmbeddedDatabaseError(`ferretdb did not listen on port ${port} within ${timeoutMs} ms: ${output()}`);
}

async function startFerretdb(binary: string, dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const sqliteDir = path.join(dataDir, "ferretdb");
  mkdirSync(sqliteDir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    binary,
    [
      "--handler=sqlite",
      `--sqlite-url=file:${sqliteDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      "--debug-addr=-",
      "--telemetry=disable",
      `--state-dir=${sqliteDir}`,
      "--log-level=error",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-2000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const killChild = () => child.kill("SIGTERM");
  process.once("exit", killChild);
  await waitForPort(port, child, () => output);
  logger.info({ port, dir: sqliteDir }, "embedded database: ferretdb (SQLite) started");
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    engine: "ferretdb",
    stop: async () => {
      process.removeListener("exit", killChild);
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      });
    },
  };
}
