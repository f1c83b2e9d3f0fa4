import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { sdkClient } from "../test/sdk-client.js";
import { startReceiver } from "../test/webhook-receivers.js";
import { FakeTwilio, simulatorCredentials } from "./index.js";

const creds = simulatorCredentials();
const FROM = "+15146300808";
const TO = "+15145550123";

describe("FakeTwilio mounted under a base path", () => {
  it("serves the same API below /dev/twilio, as the API mounts it in development", async () => {
    const fake = new FakeTwilio({ ...creds, callbacks: "manual" });
    const app = express().use("/dev/twilio", fake.router());
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = sdkClient({ ...creds, apiUrl: `${base}/dev/twilio` });
      const message = await client.messages.create({ to: TO, from: FROM, body: "hi" });
      expect(message.status).toBe("queued");
      expect(fake.requests[0].path).toBe(`/2010-04-01/Accounts/${creds.accountSid}/Messages.json`);
      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
    }
  });
});

describe("what FakeTwilio keeps", () => {
  it("keeps the last maxRecords of each record (oldest dropped) and at most maxBodyBytes of each request body", async () => {
    const fake = new FakeTwilio({ ...creds, callbacks: "manual", maxRecords: 3, maxBodyBytes: 200 });
    const receiver = await startReceiver();
    try {
      const client = sdkClient({ ...creds, apiUrl: await fake.listen() });
      const messages: string[] = [];
      for (let i = 0; i < 5; i++) {
        const message = await client.messages.create({ to: TO, from: FROM, body: `message ${i}`, statusCallback: `${receiver.url}/status` });
        await fake.playCallback(message.sid, "delivered");
        messages.push(message.sid);
      }
      expect(fake.messages.map((m) => m.sid)).toEqual(messages.slice(2));
      expect(fake.callbacksSent.map((c) => c.sid)).toEqual(messages.slice(2));
      expect(fake.requests.map((r) => r.params.Body)).toEqual(["message 2", "message 3", "message 4"]);
      await expect(client.messages(messages[0]).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });

      const calls: string[] = [];
      for (let i = 0; i < 4; i++) calls.push((await client.calls.create({ to: TO, from: FROM, twiml: "<Response/>" })).sid);
      expect(fake.calls.map((c) => c.sid)).toEqual(calls.slice(1));
      expect(fake.requests.map((r) => r.path.split("/").pop())).toEqual(["Calls.json", "Calls.json", "Calls.json"]);

      await client.messages.create({ to: TO, from: FROM, body: "x".repeat(1_000) });
      const big = fake.requests.at(-1)!;
      expect(big).toMatchObject({ method: "POST", authOk: true, truncated: true, params: {} });
      expect(Buffer.byteLength(big.rawBody)).toBe(200);
      expect(fake.requests[0].truncated).toBe(false);
    } finally {
      await fake.close();
      await receiver.close();
    }
  });
});
