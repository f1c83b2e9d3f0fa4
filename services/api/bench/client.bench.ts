/**
 * The benchmark's load generator, forked by bench/shared/client.ts (never run by hand): posts signed webhooks over
 * keep-alive HTTP, sends GraphQL queries and holds the graphql-ws (or plain WebSocket) subscribers, in its own process
 * so that the API's process.cpuUsage() counts the API alone. Answers the requests of shared/protocol.ts over IPC.
 */
import http from "node:http";
import { createClient, type Client } from "graphql-ws";
import twilio from "twilio";
import WebSocket from "ws";
import {
  stampedBody,
  stampOf,
  type ClientReply,
  type ClientRequest,
  type GraphqlResult,
  type GraphqlSpec,
  type PostResult,
  type PostSpec,
  type SubscribeSpec,
  type SubscriberStats,
} from "./shared/protocol.js";
import { cpuMsSince, monotonicMs, sleep, summarize } from "./shared/stats.js";

const hex = (n: number, len: number) => n.toString(16).padStart(len, "0");

/** POSTs `body`; resolves with the status and the answer's text, and whether a kept-alive socket carried it. */
function postBody(
  url: URL,
  body: string,
  headers: Record<string, string>,
  agent: http.Agent,
  timeoutMs = 30_000,
): Promise<{ status: number; text: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString(), reused: req.reusedSocket }));
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error("ETIMEDOUT")));
    req.on("error", (err: NodeJS.ErrnoException) => reject(Object.assign(err, { reused: req.reusedSocket })));
    req.end(body);
  });
}

async function post(spec: PostSpec): Promise<PostResult> {
  const cpu = process.cpuUsage();
  const url = new URL(spec.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency ?? 1024 });
  const ackMs: number[] = [];
  const ackedPerSecond: number[] = [];
  const failed: Record<string, number> = {};
  const ackedSids: string[] = [];
  let sent = 0;
  let acked = 0;
  const started = monotonicMs();
  const deadline = started + spec.seconds * 1000;

  const one = async () => {
    const n = sent++;
    const t0 = monotonicMs();
    const params: Record<string, string> = {
      MessageSid: `SM${spec.sidPrefix}${hex(n, 24)}`,
      ...(spec.sign && { AccountSid: spec.sign.accountSid }),
      From: `+1514${String(6300000 + (n % spec.customers)).padStart(7, "0")}`,
      To: spec.to,
      Body: stampedBody(t0, n),
      NumMedia: "0",
      NumSegments: "1",
      SmsStatus: "received",
      ApiVersion: "2010-04-01",
    };
    const headers: Record<string, string> = spec.sign
      ? { "x-twilio-signature": twilio.getExpectedTwilioSignature(spec.sign.authToken, spec.url, params) }
      : {};
    try {
      const { status } = await postBody(
        url,
        new URLSearchParams(params).toString(),
        { ...headers, "content-type": "application/x-www-form-urlencoded" },
        agent,
      );
      if (status === 200) {
        acked++;
        const second = Math.floor((monotonicMs() - started) / 1000);
        ackedPerSecond[second] = (ackedPerSecond[second] ?? 0) + 1;
        ackMs.push(monotonicMs() - t0);
        if (spec.keepSids) ackedSids.push(params.MessageSid);
      } else failed[String(status)] = (failed[String(status)] ?? 0) + 1;
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).message;
      failed[code] = (failed[code] ?? 0) + 1;
    }
  };

  if (spec.concurrency) {
    await Promise.all(
      Array.from({ length: spec.concurrency }, async () => {
        while (monotonicMs() < deadline) await one();
      }),
    );
  } else {
    // Open loop: webhooks leave on schedule whatever the answers take (as Twilio sends them), up to 5,000 in flight.
    const rate = spec.rate ?? 100;
    const inFlight = new Set<Promise<void>>();
    for (let now = monotonicMs(); now < deadline; now = monotonicMs()) {
      const due = Math.floor(((now - started) * rate) / 1000) - sent;
      for (let k = 0; k < due && inFlight.size < 5000; k++) {
        const p = one().finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await sleep(2);
    }
    await Promise.all(inFlight);
  }
  agent.destroy();
  return {
    sent,
    acked,
    failed,
    ackMs: summarize(ackMs),
    seconds: (monotonicMs() - started) / 1000,
    ackedPerSecond: Array.from(ackedPerSecond, (v) => v ?? 0),
    ...(spec.keepSids && { ackedSids }),
    cpuMs: cpuMsSince(cpu),
  };
}

// ── GraphQL requests ───────────────────────────────────────────────────────────────────────────────────────────

/** Kept alive between requests, as a console's browser does. */
const graphqlAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** A query the database answers by scanning (FerretDB at 100,000 contacts) takes seconds. */
const GRAPHQL_TIMEOUT_MS = 300_000;

async function graphql(spec: GraphqlSpec): Promise<GraphqlResult> {
  const body = JSON.stringify({ query: spec.query, variables: spec.variables ?? {} });
  const headers = { "content-type": "application/json", authorization: `Bearer ${spec.apiKey}` };
  const t0 = monotonicMs();
  let answer;
  try {
    answer = await postBody(new URL(spec.url), body, headers, graphqlAgent, GRAPHQL_TIMEOUT_MS);
  } catch (err) {
    // The server closed the idle kept-alive socket as the request left on it: once more, on a new one.
    if (!(err as { reused?: boolean }).reused) throw err;
    answer = await postBody(new URL(spec.url), body, headers, graphqlAgent, GRAPHQL_TIMEOUT_MS);
  }
  return { status: answer.status, body: JSON.parse(answer.text) as GraphqlResult["body"], ms: monotonicMs() - t0 };
}

// ── Subscribers ──────────────────────────────────────────────────────────────────────────────────────────────────

const sockets: { close(): void }[] = [];
let received = new Uint8Array(0);
let latencies: number[] = [];
let events = new Map<string, { stamp: number; n: number; last: number }>();
let errors = 0;
let statsSince = process.cpuUsage();

/** A delivery: its latency from the stamp in its body, and its event's tally. */
function delivered(subscriber: number, body: unknown): void {
  const now = monotonicMs();
  const stamp = stampOf(body);
  if (!Number.isFinite(stamp)) {
    errors++;
    return;
  }
  received[subscriber] = 1;
  latencies.push(now - stamp);
  const event = events.get(body as string);
  if (event) {
    event.n++;
    event.last = now;
  } else events.set(body as string, { stamp, n: 1, last: now });
}

/** The body of a `next` payload's one field: { data: { smsReceived: { body } } }. */
const bodyOf = (data: unknown) => (Object.values((data ?? {}) as Record<string, { body?: unknown }>)[0] as { body?: unknown } | undefined)?.body;

function openGraphql(index: number, url: string, spec: SubscribeSpec): Promise<void> {
  return new Promise((resolve, reject) => {
    const client: Client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${spec.apiKey}` },
      lazy: false,
      retryAttempts: 0,
      on: { connected: () => resolve(), error: (err) => reject(err instanceof Error ? err : new Error(`subscriber ${index}: socket error`)) },
    });
    client.subscribe<Record<string, { body: string }>>(
      { query: spec.query! },
      {
        next: ({ data, errors: errs }) => (errs?.length ? errors++ : delivered(index, bodyOf(data))),
        error: () => errors++,
        complete: () => {},
      },
    );
    sockets.push({ close: () => void client.dispose() });
  });
}

function openRaw(index: number, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on("open", () => resolve());
    socket.on("error", reject);
    socket.on("message", (raw) => {
      const message = JSON.parse(String(raw)) as { payload?: { data?: unknown } };
      delivered(index, bodyOf(message.payload?.data));
    });
    sockets.push({ close: () => socket.close() });
  });
}

async function subscribe(spec: SubscribeSpec): Promise<{ subscribers: number }> {
  const first = sockets.length;
  received = new Uint8Array(first + spec.count);
  // 50 sockets at a time: each graphql-ws socket authenticates (one database read) before it subscribes.
  for (let i = 0; i < spec.count; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, spec.count - i) }, (_, k) => {
        const index = first + i + k;
        const url = spec.urls[index % spec.urls.length];
        return spec.kind === "graphql" ? openGraphql(index, url, spec) : openRaw(index, url);
      }),
    );
  }
  return { subscribers: sockets.length };
}

function stats(reset: boolean): SubscriberStats {
  let firstStamp = Infinity;
  let lastDelivery = 0;
  let deliveries = 0;
  const fanoutMs: number[] = [];
  const rates: number[] = [];
  for (const e of events.values()) {
    firstStamp = Math.min(firstStamp, e.stamp);
    lastDelivery = Math.max(lastDelivery, e.last);
    deliveries += e.n;
    fanoutMs.push(e.last - e.stamp);
    rates.push(e.n / Math.max(1e-6, (e.last - e.stamp) / 1000));
  }
  const result: SubscriberStats = {
    subscribers: sockets.length,
    receivedBy: received.reduce((s, v) => s + v, 0),
    deliveries,
    errors,
    latencyMs: summarize(latencies),
    events: events.size,
    fanoutMs: summarize(fanoutMs),
    deliveriesPerSecond: summarize(rates),
    windowDeliveriesPerSecond: deliveries ? Math.round(deliveries / Math.max(1e-6, (lastDelivery - firstStamp) / 1000)) : 0,
    cpuMs: cpuMsSince(statsSince),
  };
  if (reset) {
    received = new Uint8Array(received.length);
    latencies = [];
    events = new Map();
    errors = 0;
    statsSince = process.cpuUsage();
  }
  return result;
}

async function handle(request: ClientRequest): Promise<unknown> {
  switch (request.op) {
    case "post":
      return post(request.spec);
    case "graphql":
      return graphql(request.spec);
    case "subscribe":
      return subscribe(request.spec);
    case "stats":
      return stats(request.reset);
    case "unsubscribe":
      for (const socket of sockets.splice(0)) socket.close();
      received = new Uint8Array(0);
      return { subscribers: 0 };
  }
}

process.on("message", (request: ClientRequest) => {
  handle(request).then(
    (value) => process.send!({ id: request.id, ok: true, value } satisfies ClientReply),
    (err: unknown) => process.send!({ id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies ClientReply),
  );
});
process.on("disconnect", () => process.exit(0));
