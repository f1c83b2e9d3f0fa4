/**
 * Inbound SMS benchmark: signed webhooks POSTed at a fixed concurrency to the real server (createServer) on the real
 * database, with a graphql-ws subscriber on `smsReceived`. Reports webhooks/s sustained, the p50/p99/max time from a
 * webhook's POST to its event reaching the subscriber, and, in the same run and database, the raw driver's insert rate
 * for documents of the same size at the same concurrency (the floor set by the database itself).
 *
 *   npm run bench                                  # embedded database, or MONGODB_URI
 *   BENCH_MESSAGES=5000 BENCH_CONCURRENCY=32 BENCH_CUSTOMERS=500 REDIS_URL=redis://127.0.0.1:6379 npm run bench
 */
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createClient } from "graphql-ws";
import mongoose from "mongoose";
import twilio from "twilio";
import WebSocket from "ws";
import { createAccount } from "../src/accounts/account.service.js";
import { createApiKey } from "../src/auth/auth.service.js";
import { loadConfig, parseConfig } from "../src/platform/config.js";
import { freePort } from "../src/platform/embedded-database.js";
import { createLogger } from "../src/platform/logger.js";
import { openDatabase } from "../src/app/open-database.js";
import { addPhoneNumber } from "../src/phone-numbers/phone-number.service.js";
import { createServer } from "../src/app/server.js";
import { WebhookPath } from "../src/twilio/webhook-paths.js";

const N = Number(process.env.BENCH_MESSAGES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200);
const WARMUP = Math.min(100, Math.floor(N / 10));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const hex = (n: number, len: number) => n.toString(16).padStart(len, "0");

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
  return performance.now() - started;
}

async function main() {
  const base = loadConfig();
  const logger = createLogger({ logLevel: "warn", nodeEnv: "test" });
  const dbName = `bench_${Date.now().toString(36)}`;
  const database = await openDatabase({ ...base, mongodbDb: dbName }, logger);
  const port = await freePort();
  const config = parseConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  });
  const server = await createServer({ config, logger });
  const url = await server.listen(port, "127.0.0.1");
  // The built-in simulator's credentials: random on every start.
  const { authToken, accountSid } = server.deps.twilioAccount;

  const account = await createAccount({ name: "Benchmark" });
  const { key } = await createApiKey(account._id);
  await addPhoneNumber({ accountId: account._id, number: "+16502907793", capabilities: { sms: true } });

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  let resolveAll: () => void;
  const allReceived = new Promise<void>((r) => (resolveAll = r));
  const ws = createClient({
    url: `${url.replace("http", "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
  });
  ws.subscribe<{ smsReceived: { messageSid: string } }>(
    { query: "subscription { smsReceived { messageSid } }" },
    {
      next: ({ data }) => {
        const sid = data!.smsReceived.messageSid;
        const t0 = sentAt.get(sid);
        if (t0 !== undefined) latencies.push(performance.now() - t0);
        if (++received === N + WARMUP) resolveAll();
      },
      error: (err) => console.error("subscription error", err),
      complete: () => {},
    },
  );
  await new Promise((r) => setTimeout(r, 300));

  const webhookUrl = `${config.publicUrl}${WebhookPath.incomingSms}`;
  const requests = Array.from({ length: N + WARMUP }, (_, i) => {
    const params = {
      MessageSid: `SM${hex(i, 32)}`,
      AccountSid: accountSid,
      From: `+1514${String(6300000 + (i % CUSTOMERS)).padStart(7, "0")}`,
      To: "+16502907793",
      Body: `benchmark message ${i}: please call me back when you can`,
      NumMedia: "0",
      NumSegments: "1",
      SmsStatus: "received",
      ApiVersion: "2010-04-01",
    };
    return { params, signature: twilio.getExpectedTwilioSignature(authToken, webhookUrl, params), body: new URLSearchParams(params).toString() };
  });

  const post = async (r: (typeof requests)[number]) => {
    sentAt.set(r.params.MessageSid, performance.now());
    const res = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": r.signature },
      body: r.body,
    });
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };

  await pool(requests.slice(0, WARMUP), CONCURRENCY, post);
  while (received < WARMUP) await new Promise((r) => setTimeout(r, 10));
  latencies.length = 0;
  const webhookMs = await pool(requests.slice(WARMUP), CONCURRENCY, post);
  await Promise.race([allReceived, new Promise((r) => setTimeout(r, 30_000))]);

  // The database's own floor: the raw driver inserting same-sized documents, same concurrency, same database.
  const scratch = mongoose.connection.db!.collection("bench_raw_inserts");
  const docs = Array.from({ length: N }, (_, i) => ({
    _type: "SmsEntry",
    account_id: account._id,
    customer_id: new mongoose.Types.ObjectId(),
    body: `benchmark message ${i}: please call me back when you can`,
    message_sid: `SM${hex(i, 32)}`,
    direction: "inbound",
    status: "received",
    created_at: new Date(),
  }));
  const rawMs = await pool(docs, CONCURRENCY, async (d) => {
    await scratch.insertOne({ ...d });
  });

  const sorted = [...latencies].sort((a, b) => a - b);
  const stored = await mongoose.connection.db!.collection("entries").countDocuments({ _type: "SmsEntry" });
  const engine = (await mongoose.connection.db!.admin().command({ buildInfo: 1 })) as { ferretdb?: unknown; version: string };
  const result = {
    database: `${"ferretdb" in engine || JSON.stringify(engine).includes("ferretdb") ? "FerretDB" : "MongoDB"} ${engine.version}`,
    events: process.env.REDIS_URL ? "redis" : "memory",
    messages: N,
    concurrency: CONCURRENCY,
    customers: CUSTOMERS,
    webhooksPerSecond: Math.round((N / webhookMs) * 1000),
    subscriberLatencyMs: {
      p50: +percentile(sorted, 50).toFixed(1),
      p99: +percentile(sorted, 99).toFixed(1),
      max: +sorted[sorted.length - 1].toFixed(1),
    },
    eventsReceived: `${latencies.length}/${N}`,
    entriesStored: `${stored}/${N + WARMUP}`,
    rawDriverInsertsPerSecond: Math.round((N / rawMs) * 1000),
  };
  console.table({
    "inbound webhooks / s": result.webhooksPerSecond,
    "webhook → subscriber p50 (ms)": result.subscriberLatencyMs.p50,
    "webhook → subscriber p99 (ms)": result.subscriberLatencyMs.p99,
    "webhook → subscriber max (ms)": result.subscriberLatencyMs.max,
    "events received": result.eventsReceived,
    "entries stored": result.entriesStored,
    "raw driver inserts / s (same db)": result.rawDriverInsertsPerSecond,
  });
  console.log(JSON.stringify(result));

  await ws.dispose();
  await server.close();
  await mongoose.connection.db!.dropDatabase();
  await database.close();
  if (stored !== N + WARMUP || latencies.length !== N) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
