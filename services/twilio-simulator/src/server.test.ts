import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { sdkClient } from "../test/sdk-client.js";
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
