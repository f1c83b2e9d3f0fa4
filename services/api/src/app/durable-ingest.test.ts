import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import mongoose, { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, startTestApp, waitUntil, type TestApp } from "../../test/helpers.js";
import { ferretdbAvailable, startKillableDatabase } from "../../test/killable-database.js";
import { addSmsNumber, postSigned, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { freePort } from "../platform/embedded-database.js";
import { AgentModel } from "../auth/agent.model.js";
import { recordQueries } from "../platform/index-coverage.js";
import { WebhookPath } from "../twilio/webhook-paths.js";
import { connectAppDatabase } from "./models.js";

const API_DIR = path.resolve(import.meta.dirname, "../..");
const sid = () => `SM${randomBytes(16).toString("hex")}`;
const callSid = () => `CA${randomBytes(16).toString("hex")}`;

type Database = Awaited<ReturnType<typeof startKillableDatabase>>;

const inboundCount = (accountId: unknown) =>
  mongoose.connection.db!.collection("entries").countDocuments({ account_id: accountId, _type: "SmsEntry" });

describe.skipIf(!ferretdbAvailable)(
  ferretdbAvailable ? "durable webhook ingest" : "durable webhook ingest (skipped: no .data/bin/ferretdb; run npm run ferretdb:install)",
  () => {
    let db: Database;
    let app: TestApp;
    let tenant: Awaited<ReturnType<typeof createTenant>>;
    let number: string;
    let twilio: TestTwilio;
    beforeAll(async () => {
      twilio = await startFakeTwilio();
      db = await startKillableDatabase();
      // This file's server talks to a database the test can kill.
      await connectAppDatabase(db.uri, { dbName: "durable_ingest" });
      app = await startTestApp({ file: import.meta.filename, twilio, config: { METRICS_TOKEN: "metrics-token-0123456789" } });
      tenant = await createTenant("Durable");
      number = await addSmsNumber(tenant.accountId);
    });
    afterAll(async () => {
      await app?.close();
      await db?.stop();
      await twilio?.close();
    });

    const post = (params: Record<string, string>) =>
      postSigned(
        `${app.url}${WebhookPath.incomingSms}`,
        { AccountSid: app.server.deps.twilioAccount.accountSid, ...params },
        app.server.deps.twilioAccount.authToken,
      );
    const sms = (i: number) => ({ MessageSid: sid(), From: `+1514630${String(1000 + (i % 5)).padStart(4, "0")}`, To: number, Body: `message ${i}` });

    it("answers every inbound SMS within Twilio's budget while the database is down, then drains them: none lost, none twice", async () => {
      const messages = Array.from({ length: 30 }, (_, i) => sms(i));
      const slowest: number[] = [];
      const send = async (params: Record<string, string>) => {
        const started = Date.now();
        const res = await post(params);
        slowest.push(Date.now() - started);
        expect(res.status).toBe(200);
      };
      for (const m of messages.slice(0, 10)) await send(m);
      expect(await inboundCount(tenant.accountId)).toBe(10);
      const contactId = String((await mongoose.connection.db!.collection("contacts").findOne({ account_id: tenant.accountId }))!._id);

      await db.kill();
      await Promise.all(messages.slice(10).map(send));
      // Twilio waits 15 s; a queued webhook is answered after at most the 1 s fast-path wait.
      expect(Math.max(...slowest)).toBeLessThan(5_000);
      const health = (await (await fetch(`${app.url}/healthz`)).json()) as { status: string; queue: { depth: number } };
      expect(health).toMatchObject({ status: "degraded", database: "down" });
      expect(health.queue.depth).toBeGreaterThanOrEqual(20);
      // Sending needs the database (the entry is stored before Twilio is asked): refused with a sentence, nothing sent.
      const sendSms = await fetch(`${app.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tenant.token}` },
        body: JSON.stringify({
          query: `mutation($c: ID!) { sendSms(input: { contactId: $c, body: "during the outage" }) { id } }`,
          variables: { c: contactId },
        }),
      });
      expect(sendSms.status).toBe(503);
      expect(((await sendSms.json()) as { errors: { extensions: { code: string }; message: string }[] }).errors[0]).toMatchObject({
        extensions: { code: "UNAVAILABLE" },
        message: "The database is not answering right now, so nothing was done: try again in a moment.",
      });
      const sentBefore = twilio.messages.length;

      const recording = recordQueries();
      await db.restart();
      expect(twilio.messages.length).toBe(sentBefore);
      await waitUntil("the backlog to drain", async () => (await inboundCount(tenant.accountId)) === 30);
      // The backlog drains in bulk: per customer one insertMany and one conversation update, not one per message.
      const writes = recording.stop().filter((q) => ["insertOne", "insertMany", "updateOne"].includes(q.method));
      const entryInserts = writes.filter((q) => q.collection === "entries");
      expect(entryInserts.length).toBeGreaterThan(0);
      expect(entryInserts.length).toBeLessThanOrEqual(10);
      expect(writes.filter((q) => q.collection === "contacts").length).toBeLessThanOrEqual(10);
      // A replay of webhooks already applied (Twilio retrying, or a re-drain after a crash) stores nothing new.
      for (const m of messages.slice(8, 14)) expect((await post(m)).status).toBe(200);
      const entries = await mongoose.connection.db!.collection("entries").find({ account_id: tenant.accountId, _type: "SmsEntry" }).toArray();
      expect(entries).toHaveLength(30);
      expect(new Set(entries.map((e) => e.message_sid)).size).toBe(30);
      expect(entries.map((e) => e.message_sid).sort()).toEqual(messages.map((m) => m.MessageSid).sort());
      // The inbox agrees: 5 customers, 6 unread messages each.
      const contacts = await mongoose.connection.db!.collection("contacts").find({ account_id: tenant.accountId }).toArray();
      expect(contacts.map((c) => c.unread_count)).toEqual([6, 6, 6, 6, 6]);
      const after = (await (await fetch(`${app.url}/healthz`)).json()) as { status: string; queue: { depth: number } };
      expect(after).toMatchObject({ status: "ok", queue: { depth: 0 } });

      // Prometheus sees the same story (with the token only).
      expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
      const metrics = await (await fetch(`${app.url}/metrics`, { headers: { authorization: "Bearer metrics-token-0123456789" } })).text();
      expect(metrics).toContain('ingest_queued_total{kind="sms.inbound"} 36');
      expect(metrics).toContain('ingest_drained_total{kind="sms.inbound",outcome="stored"} 30');
      expect(metrics).toContain('ingest_duplicates_skipped_total{kind="sms.inbound"} 6');
      expect(metrics).toContain(`webhooks_received_total{path="${WebhookPath.incomingSms}",status="200"} 36`);
      expect(metrics).toContain("ingest_queue_depth 0");
      expect(metrics).toMatch(/ingest_drain_latency_seconds_count\{kind="sms.inbound"\} 36/);
    }, 120_000);

    it("takes a call while the database is down: rings the agents it knows, takes the voicemail, records it all after", async () => {
      await AgentModel.updateOne({ _id: tenant.agent._id }, { phone: "+15146300777" });
      const voice = (path: string, params: Record<string, string>) =>
        postSigned(`${app.url}${path}`, { AccountSid: twilio.accountSid, ...params }, twilio.authToken);
      const caller = "+15146300555";
      // A first call while all is well: this replica learns whom to ring for the number.
      const first = await voice(WebhookPath.incomingCall, { CallSid: callSid(), From: caller, To: number, CallStatus: "ringing" });
      expect(first.body).toContain("<Number");

      await db.kill();
      const sid = callSid();
      const answer = await voice(WebhookPath.incomingCall, { CallSid: sid, From: caller, To: number, CallStatus: "ringing" });
      expect(answer.status).toBe(200);
      expect(answer.body).toContain("+15146300777");
      const dialAction = new URL(answer.body.match(/action="([^"]+)"/)![1].replace(/&amp;/g, "&"));
      const entryId = dialAction.searchParams.get("entryId")!;
      const dial = await postSigned(
        dialAction.href.replace(app.config.publicUrl, app.url),
        { AccountSid: twilio.accountSid, CallSid: sid, DialCallStatus: "no-answer" },
        twilio.authToken,
        dialAction.href,
      );
      expect(dial.status).toBe(200);
      expect(dial.body).toContain("<Record");
      const recording = await voice(`${WebhookPath.recording}?entryId=${entryId}` as WebhookPath, {
        CallSid: sid,
        RecordingSid: `RE${randomBytes(16).toString("hex")}`,
        RecordingUrl: `${app.url}/recordings/x`,
        RecordingDuration: "9",
        RecordingStatus: "completed",
      });
      expect(recording.status).toBe(200);

      await db.restart();
      const call = await waitUntil("the call", () =>
        mongoose.connection.db!.collection("entries").findOne({ _id: new Types.ObjectId(entryId), status: "no-answer" }),
      );
      expect(call).toMatchObject({ callsid: sid, direction: "inbound", account_id: tenant.accountId });
      await waitUntil("the voicemail", () =>
        mongoose.connection.db!.collection("entries").findOne({ _type: "VoicemailEntry", callsid: sid, duration: "9" }),
      );
    }, 120_000);

    it("refuses what is wrong with a webhook (4xx) at once, and queues nothing for it", async () => {
      const res = await post({ MessageSid: "not-a-sid", From: "+15146300808", To: number, Body: "x" });
      expect(res.status).toBe(400);
      const unknown = await post({ MessageSid: sid(), From: "+15146300808", To: "+16502909999", Body: "x" });
      expect(unknown.status).toBe(404);
      expect(((await (await fetch(`${app.url}/healthz`)).json()) as { queue: { depth: number } }).queue.depth).toBe(0);
    });

    it("drains, on restart, what a killed API process had queued", async () => {
      const port = await freePort();
      const queuePath = path.join(os.tmpdir(), "talkdesk-sms-tests", `killed-api-${port}.sqlite`);
      const { accountSid, authToken } = { accountSid: `AC${"7".repeat(32)}`, authToken: "killed-api-test-token-0123456789" };
      const env = {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        NODE_ENV: "test",
        LOG_LEVEL: "error",
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        MONGODB_URI: db.uri,
        MONGODB_DB: "durable_ingest",
        SESSION_SECRET: "killed-api-test-session-secret-0123456789abcdef",
        TWILIO_ACCOUNT_SID: accountSid,
        TWILIO_AUTH_TOKEN: authToken,
        TWILIO_API_URL: "http://127.0.0.1:9",
        INGEST_QUEUE_PATH: queuePath,
        DATA_DIR: os.tmpdir(),
      };
      const startApi = async (): Promise<ChildProcess> => {
        const child = spawn(process.execPath, ["--import", "@swc-node/register/esm-register", "src/main.ts"], { cwd: API_DIR, env, stdio: "ignore" });
        await waitUntil("the API to start", async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 30_000);
        return child;
      };
      let api = await startApi();
      try {
        await db.kill();
        const queued = Array.from({ length: 5 }, (_, i) => ({ ...sms(100 + i), AccountSid: accountSid }));
        for (const m of queued) {
          expect((await postSigned(`http://127.0.0.1:${port}${WebhookPath.incomingSms}`, m, authToken)).status).toBe(200);
        }
        const exited = new Promise((r) => api.once("exit", r));
        api.kill("SIGKILL");
        await exited;

        await db.restart();
        api = await startApi();
        const sids = queued.map((m) => m.MessageSid);
        await waitUntil("the killed process's queue to drain", async () => {
          const stored = await mongoose.connection.db!.collection("entries").countDocuments({ message_sid: { $in: sids } });
          return stored === sids.length;
        });
      } finally {
        api.kill("SIGKILL");
      }
    }, 120_000);
  },
);
