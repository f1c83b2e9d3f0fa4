import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { pino } from "pino";
import { createAccount } from "../../src/accounts/account.service.js";
import { openDatabase } from "../../src/app/open-database.js";
import { createServer, type Server } from "../../src/app/server.js";
import { createApiKey } from "../../src/auth/auth.service.js";
import { addPhoneNumber } from "../../src/phone-numbers/phone-number.service.js";
import { loadConfig, parseConfig, type Config } from "../../src/platform/config.js";
import { freePort } from "../../src/platform/embedded-database.js";
import { createLogger, type Logger } from "../../src/platform/logger.js";
import { WebhookPath } from "../../src/twilio/webhook-paths.js";

/**
 * The API logs as in production (info: a line per request and per applied event), into /dev/null: the CPU time of
 * logging counts, the disk does not.
 */
const benchLogger = (): Logger =>
  createLogger({ logLevel: (process.env.BENCH_LOG_LEVEL ?? "info") as Config["logLevel"], nodeEnv: "test" }, pino.destination("/dev/null"));

export interface BenchDatabase {
  name: string;
  db: mongoose.mongo.Db;
  client: mongoose.mongo.MongoClient;
  /** The engine and version, from buildInfo (FerretDB says so). */
  engine: string;
  /** Drops the scenario's database and disconnects. */
  close(): Promise<void>;
}

/**
 * The process-wide connection, on a database of the scenario's own (dropped at the end), with the driver's command
 * monitoring on so round trips can be counted. MONGODB_URI (else the embedded database), or `uri`.
 */
export async function openBenchDatabase(label: string, uri?: string): Promise<BenchDatabase> {
  const base = loadConfig();
  const name = `bench_${label}_${Date.now().toString(36)}`;
  const config = { ...base, mongodbDb: name, ...(uri && { mongodbUri: uri }) };
  const database = await openDatabase(config, createLogger({ logLevel: "warn", nodeEnv: "test" }), { monitorCommands: true });
  const db = mongoose.connection.db!;
  const info = (await db.admin().command({ buildInfo: 1 })) as { version: string; ferretdb?: unknown };
  return {
    name,
    db,
    client: mongoose.connection.getClient() as unknown as mongoose.mongo.MongoClient,
    engine: `${"ferretdb" in info || JSON.stringify(info).toLowerCase().includes("ferretdb") ? "FerretDB" : "MongoDB"} ${info.version}`,
    async close() {
      await db.dropDatabase().catch(() => {});
      await database.close();
    },
  };
}

export interface Replica {
  server: Server;
  url: string;
  wsUrl: string;
  webhookUrl: string;
  /** Events waiting in this replica's durable queue. */
  depth(): Promise<number>;
  /** Events applied by this replica's drainer since it started (every outcome). */
  drained(): Promise<number>;
  close(): Promise<void>;
}

const metricValue = async (server: Server, name: string) => {
  const metric = server.deps.metrics.registry.getSingleMetric(name);
  const { values } = await metric!.get();
  return values.reduce((sum, v) => sum + v.value, 0);
};

/**
 * One API replica (createServer, as main.ts builds it) on the connected database, with its own durable queue.
 * `periodicEveryMs`: how often its periodic jobs (the snooze and scheduled-SMS sweeps, the lost-send reconciler) run,
 * production's intervals by default; a scenario that counts every command spaces them out so that none lands in what
 * it measures.
 */
export async function startReplica(opts: { redisUrl?: string; periodicEveryMs?: number }): Promise<Replica> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-replica-"));
  const port = await freePort();
  const config = parseConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "info",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    INGEST_QUEUE_PATH: path.join(dir, "queue.sqlite"),
    ...(opts.redisUrl && { REDIS_URL: opts.redisUrl }),
  });
  const server = await createServer({
    config,
    logger: benchLogger(),
    ...(opts.periodicEveryMs && {
      snoozeSweepEveryMs: opts.periodicEveryMs,
      reconcileEveryMs: opts.periodicEveryMs,
      scheduledSmsSweepEveryMs: opts.periodicEveryMs,
    }),
  });
  const url = await server.listen(port, "127.0.0.1");
  return {
    server,
    url,
    wsUrl: `${url.replace("http", "ws")}/graphql`,
    webhookUrl: `${config.publicUrl}${WebhookPath.incomingSms}`,
    depth: () => metricValue(server, "ingest_queue_depth"),
    drained: () => metricValue(server, "ingest_drained_total"),
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let numbers = 0;

/** An account with an API key and an SMS number of its own (a new number each time: owners are cached for 30 s). */
export async function createTenant(label: string): Promise<{ accountId: string; apiKey: string; number: string }> {
  const account = await createAccount({ name: `Benchmark ${label}` });
  const { key } = await createApiKey(account._id);
  const number = `+1650290${String(7000 + ((process.pid + numbers++) % 3000)).padStart(4, "0")}`;
  await addPhoneNumber({ accountId: account._id, number, capabilities: { sms: true } });
  return { accountId: String(account._id), apiKey: key, number };
}

/** A random 8-hex-digit MessageSid prefix for one phase's webhooks. */
export const sidPrefix = () => randomBytes(4).toString("hex");
