/**
 * The baselines, measured in the same run on the same database: what the driver, Redis and a bare WebSocket server
 * do with none of the API's code in the way.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import mongoose from "mongoose";
import { WebSocketServer } from "ws";
import { stampedBody } from "./protocol.js";
import { cpuMsSince, monotonicMs, round, sleep, summarize, type Summary } from "./stats.js";

const RAW_COLLECTION = "bench_raw_inserts";

/** A document shaped and sized as a stored inbound SmsEntry. */
function smsDocument(body: string) {
  return {
    _type: "SmsEntry",
    account_id: new mongoose.Types.ObjectId(),
    customer_id: new mongoose.Types.ObjectId(),
    customer_phone_number: "+15146300001",
    talkdesk_phone_number: "+16502907793",
    created_at: new Date(),
    body,
    direction: "inbound",
    status: "received",
    message_sid: `SM${randomBytes(16).toString("hex")}`,
    num_segments: 1,
    encoding: "GSM-7",
    media: [],
  };
}

export interface RawInserts {
  inserts: number;
  perSecond: number;
  latencyMs: Summary;
  /** This process's CPU time per insert (the driver's work; the API is idle meanwhile). */
  cpuMsPerInsert: number;
}

/**
 * The raw driver's single-document inserts (insertOne, one document a round trip) into a scratch collection of the
 * same database: `concurrency` in flight (closed loop), or `rate` per second (open loop).
 */
export async function rawInserts(db: mongoose.mongo.Db, opts: { seconds: number; concurrency?: number; rate?: number }): Promise<RawInserts> {
  const scratch = db.collection(RAW_COLLECTION);
  await scratch.insertOne(smsDocument("warm-up"));
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const started = monotonicMs();
  const deadline = started + opts.seconds * 1000;
  const one = async () => {
    const t0 = monotonicMs();
    await scratch.insertOne(smsDocument(stampedBody(t0, latencies.length)));
    latencies.push(monotonicMs() - t0);
  };
  if (opts.concurrency) {
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (monotonicMs() < deadline) await one();
      }),
    );
  } else {
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    for (let now = monotonicMs(); now < deadline; now = monotonicMs()) {
      for (let due = Math.floor(((now - started) * (opts.rate ?? 100)) / 1000) - sent; due > 0; due--, sent++) {
        const p = one().finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await sleep(2);
    }
    await Promise.all(inFlight);
  }
  const seconds = (monotonicMs() - started) / 1000;
  const cpuMs = cpuMsSince(cpu);
  await scratch.drop().catch(() => {});
  return {
    inserts: latencies.length,
    perSecond: Math.round(latencies.length / seconds),
    latencyMs: summarize(latencies),
    cpuMsPerInsert: round(cpuMs / latencies.length, 3),
  };
}

/** A graphql-ws `next` message as the API sends it for `smsReceived` with the fields the scenarios ask for. */
export function rawNextMessage(body: string): string {
  const doc = smsDocument(body);
  return JSON.stringify({
    id: "1",
    type: "next",
    payload: {
      data: {
        smsReceived: {
          id: String(new mongoose.Types.ObjectId()),
          createdAt: doc.created_at.toISOString(),
          body,
          direction: "INBOUND",
          status: "RECEIVED",
          segments: 1,
          encoding: "GSM_7",
          talkdeskPhoneNumber: doc.talkdesk_phone_number,
          customerPhoneNumber: doc.customer_phone_number,
          messageSid: doc.message_sid,
          media: [],
        },
      },
    },
  });
}

export interface RawStack {
  /** POST a form with Body: one insertOne, one Redis PUBLISH, answered 200. */
  url: string;
  /** Plain WebSockets: every message published on the channel, as is. */
  wsUrl: string;
  close(): Promise<void>;
}

/**
 * The floor under the API's live path, with none of its code: an HTTP server that inserts the webhook's document
 * (one round trip) and publishes it on Redis, and a WebSocket server relaying the channel to every socket.
 */
export async function startRawStack(opts: { db: mongoose.mongo.Db; redisUrl: string; channel: string }): Promise<RawStack> {
  const scratch = opts.db.collection(RAW_COLLECTION);
  const publisher = new Redis(opts.redisUrl);
  const subscriber = new Redis(opts.redisUrl);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = new URLSearchParams(Buffer.concat(chunks).toString()).get("Body") ?? "";
      scratch
        .insertOne(smsDocument(body))
        .then(() => publisher.publish(opts.channel, rawNextMessage(body)))
        .then(
          () => res.writeHead(200, { "content-type": "text/xml" }).end("<Response/>"),
          () => res.writeHead(503).end(),
        );
    });
  });
  const wss = new WebSocketServer({ server });
  await subscriber.subscribe(opts.channel);
  subscriber.on("message", (_channel, message: string) => {
    for (const socket of wss.clients) socket.send(message);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/raw`,
    wsUrl: `ws://127.0.0.1:${port}/`,
    async close() {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}

export interface RawReplay {
  events: number;
  perSecond: number;
  /** This process's CPU time per event: the driver's share of the five round trips. */
  cpuMsPerEvent: number;
  roundTripsPerEvent: number;
}

/**
 * The database's share of an inbound SMS: the raw driver sending, one after another per event, the same commands on
 * the same collections as receiveSms does for a known sender on FerretDB (find contact_phone_numbers, insert locks,
 * insert entries, the contact's forward-only findAndModify, delete locks; on MongoDB the lease's two are not sent), for the account's existing contacts, `concurrency`
 * events at a time; none of the API's code runs. Its entries carry another account id, so the account's stay exact.
 */
export async function rawReplay(db: mongoose.mongo.Db, opts: { seconds: number; concurrency: number; accountId: string }): Promise<RawReplay> {
  const accountId = new mongoose.Types.ObjectId(opts.accountId);
  const claims = await db.collection("contact_phone_numbers").find({ account_id: accountId }).toArray();
  if (!claims.length) throw new Error("rawReplay: the account has no contacts yet");
  const otherAccount = new mongoose.Types.ObjectId();
  let events = 0;
  const cpu = process.cpuUsage();
  const started = monotonicMs();
  const deadline = started + opts.seconds * 1000;
  // Lane k takes the contacts k, k + lanes, ...: no two lanes ever want the same lease.
  const lanes = Math.min(opts.concurrency, claims.length);
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      const own = claims.filter((_c, j) => j % lanes === lane);
      for (let i = 0; monotonicMs() < deadline; i++) {
        const claim = own[i % own.length];
        const owner = randomBytes(8).toString("hex");
        const now = new Date();
        await db.collection("contact_phone_numbers").findOne({ account_id: accountId, phone_number: claim.phone_number });
        await db
          .collection("locks")
          .insertOne({ _id: `bench-replay:${String(claim.contact_id)}` as never, owner, expires_at: new Date(Date.now() + 10_000) });
        const entry = {
          ...smsDocument(stampedBody(monotonicMs(), i)),
          _id: new mongoose.Types.ObjectId(),
          account_id: otherAccount,
          customer_id: claim.contact_id,
        };
        await db.collection("entries").insertOne(entry);
        await db.collection("contacts").findOneAndUpdate(
          { _id: claim.contact_id, account_id: accountId, $or: [{ last_message: null }, { "last_message.at": { $lte: now } }] },
          {
            $max: { last_activity_at: now },
            $inc: { unread_count: 1 },
            $set: { last_message: { entry_id: entry._id, preview: entry.body, direction: "inbound", at: now }, updated_at: now },
            $setOnInsert: { name: claim.phone_number, phone_numbers: [claim.phone_number], created_at: now },
          },
          { upsert: true, returnDocument: "before" },
        );
        await db.collection("locks").deleteOne({ _id: `bench-replay:${String(claim.contact_id)}` as never, owner });
        events++;
      }
    }),
  );
  const seconds = (monotonicMs() - started) / 1000;
  await db.collection("entries").deleteMany({ account_id: otherAccount });
  return { events, perSecond: round(events / seconds, 1), cpuMsPerEvent: round(cpuMsSince(cpu) / Math.max(1, events), 3), roundTripsPerEvent: 5 };
}
