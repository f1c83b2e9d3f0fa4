import "reflect-metadata";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { Client as WsClient, createClient } from "graphql-ws";
import mongoose from "mongoose";
import { inject } from "vitest";
import WebSocket from "ws";
import { AccountModel } from "../src/accounts/account.model.js";
import { createAccount } from "../src/accounts/account.service.js";
import { createAgent, createApiKey, startSession } from "../src/auth/auth.service.js";
import { parseConfig, type Config } from "../src/platform/config.js";
import { connectAppDatabase } from "../src/app/models.js";
import { freePort } from "../src/platform/embedded-database.js";
import type { FakeTwilio } from "@talkdesk-sms/twilio-simulator";
import { createLogger, type Logger } from "../src/platform/logger.js";
import { createServer, type Server } from "../src/app/server.js";

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestApp {
  url: string;
  config: Config;
  server: Server;
  /** POSTs an operation to /graphql. `auth` is a bearer token or API key. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, auth?: string): Promise<GraphQLResponse<T>>;
  /** A graphql-ws client on the same port, authenticated with `auth` in connection_init. */
  ws(auth?: string): WsClient;
  close(): Promise<void>;
}

/** Tests sign their agents' tokens with this; any real deployment has its own. */
const TEST_SESSION_SECRET = "test-only-session-secret-0123456789abcdef0123456789";

function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    PORT: "0",
    SESSION_SECRET: TEST_SESSION_SECRET,
    ...overrides,
  });
}

/**
 * The real server (createServer) on a free port, on a database of its own for this test file.
 */
export async function startTestApp(opts: {
  file: string;
  config?: Record<string, string>;
  /** A standalone fake Twilio to send through (else the built-in simulator). */
  twilio?: FakeTwilio;
  /** Where the server logs (default: a logger at TEST_LOG_LEVEL, silent). */
  logger?: Logger;
  /** How often open sockets re-check their credential. */
  socketRecheckMs?: number;
  /** How often the lost-send reconciler runs. */
  reconcileEveryMs?: number;
  /** How often the snooze sweep and the scheduled-SMS sweep run, and the server's clock. */
  snoozeSweepEveryMs?: number;
  scheduledSmsSweepEveryMs?: number;
  now?: () => Date;
}): Promise<TestApp> {
  const dbName = `test_${path.basename(opts.file).replace(/\W+/g, "_")}_${process.pid}_${Date.now().toString(36)}`.slice(0, 60);
  // The port is chosen up front so PUBLIC_URL (what webhooks are signed for) is known before the server starts.
  const port = await freePort();
  const config = testConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // Each server its own queue: replicas of one file do not share a disk.
    INGEST_QUEUE_PATH: path.join(os.tmpdir(), "talkdesk-sms-tests", `${dbName}-${port}.sqlite`),
    ...(opts.twilio ? { TWILIO_ACCOUNT_SID: opts.twilio.accountSid, TWILIO_AUTH_TOKEN: opts.twilio.authToken, TWILIO_API_URL: opts.twilio.url } : {}),
    ...opts.config,
  });
  if (mongoose.connection.readyState !== 1) {
    await connectAppDatabase(inject("mongodbUri"), { dbName });
    await mongoose.connection.db!.dropDatabase();
    await connectAppDatabase(inject("mongodbUri"), { dbName });
  }
  openApps++;
  const server = await createServer({
    config,
    logger: opts.logger ?? createLogger(config),
    socketRecheckMs: opts.socketRecheckMs,
    reconcileEveryMs: opts.reconcileEveryMs,
    snoozeSweepEveryMs: opts.snoozeSweepEveryMs,
    now: opts.now,
    scheduledSmsSweepEveryMs: opts.scheduledSmsSweepEveryMs,
  });
  const url = await server.listen(port, "127.0.0.1");
  const clients: WsClient[] = [];
  return {
    url,
    config,
    server,
    gql: async (query, variables, auth) => {
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse;
    },
    ws: (auth) => {
      const client = createClient({
        url: `${url.replace("http", "ws")}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: auth ? { authorization: `Bearer ${auth}` } : {},
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => {},
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.dispose()));
      await server.close();
      // Several apps of one file (replicas) share the file's database: the last one out drops it.
      if (--openApps === 0) {
        await mongoose.connection.db?.dropDatabase();
        await mongoose.disconnect();
      }
    },
  };
}

let counter = 0;
let openApps = 0;

/** A fresh account with one signed-in agent and an API key. */
/**
 * An account with an agent (signed in) and an API key. Quiet hours are off unless asked for: the tests that are not
 * about them send at any hour of the real clock (quiet-hours tests turn them on, on a clock of their own).
 */
export async function createTenant(label = "Tenant", opts: { quietHours?: boolean } = {}) {
  const n = ++counter;
  const account = await createAccount({ name: `${label} ${n}` });
  if (!opts.quietHours) await AccountModel.updateOne({ _id: account._id }, { $set: { quiet_hours: "off" } });
  const password = "correct horse battery";
  const agent = await createAgent({
    accountId: account._id,
    name: `${label} agent ${n}`,
    email: `agent${n}.${String(account._id)}@example.com`,
    password,
  });
  const { token } = await startSession(agent, testConfig().sessionSecret);
  const { key: apiKey } = await createApiKey(account._id, "tests");
  return { account, accountId: account._id, agent, password, token, apiKey };
}

/** Signs in through the login mutation, as the console does; the token, or the error's sentence thrown. */
export async function signIn(app: TestApp, email: string, password: string): Promise<string> {
  const res = await app.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });
  if (res.errors) throw new Error(res.errors[0].message);
  return res.data.login.token;
}

/** Polls `probe` every 100 ms until it gives a truthy value (probe errors count as not yet), or fails naming `what`. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The error codes of a response, for assertions that read like the contract. */
export const codes = (res: GraphQLResponse) => (res.errors ?? []).map((e) => e.extensions?.code);

/** A logger that keeps every line it writes, as the process would print it (JSON lines). */
export function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return {
    logger: createLogger({ ...testConfig(), logLevel: "debug" }, stream),
    text: () => lines.join(""),
    records: () =>
      lines
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, any>),
  };
}
