import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sdkClient, withFakeTwilio, type Twilio } from "../test/sdk-client.js";
import { isSignedByTwilio, startReceiver } from "../test/webhook-receivers.js";
import { FakeTwilio, simulatorCredentials } from "./index.js";

const creds = simulatorCredentials();
const FROM = "+15146300808";
const TO = "+15145550123";

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("FakeTwilio's status callbacks in auto mode", () => {
  let fake: FakeTwilio;
  let client: Twilio;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  withFakeTwilio((setup) => ({ fake, client } = setup), { callbacks: "auto", delaysMs: { sending: 10, sent: 30, delivered: 60 } });
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => {
    receiver.received.length = 0;
  });
  afterAll(() => receiver.close());

  it("posts sending, sent, then delivered to the StatusCallback URL as given, each signed by Twilio", async () => {
    const statusCallback = `${receiver.url}/twilio/status?tenant=acme&attempt=1`;
    const message = await client.messages.create({ to: TO, from: FROM, body: "hi", statusCallback });

    await vi.waitFor(() => expect(receiver.received).toHaveLength(3));
    expect(receiver.received.map((r) => r.params.MessageStatus)).toEqual(["sending", "sent", "delivered"]);
    for (const r of receiver.received) {
      expect(r.url).toBe(statusCallback);
      expect(isSignedByTwilio(r)).toBe(true);
      expect(r.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
      expect(r.params).toEqual({
        SmsSid: message.sid,
        SmsStatus: r.params.MessageStatus,
        MessageStatus: r.params.MessageStatus,
        To: TO,
        MessageSid: message.sid,
        AccountSid: creds.accountSid,
        From: FROM,
        ApiVersion: "2010-04-01",
      });
    }
    expect((await client.messages(message.sid).fetch()).status).toBe("delivered");
    expect(fake.pendingCallbacks()).toEqual([]);
  });

  it("ends a message to a number ending 0000 as undelivered with ErrorCode 30003", async () => {
    const message = await client.messages.create({ to: "+15145550000", from: FROM, body: "hi", statusCallback: `${receiver.url}/twilio/status` });
    expect(message.status).toBe("queued");

    await vi.waitFor(() => expect(receiver.received).toHaveLength(3));
    expect(receiver.received.map((r) => r.params.MessageStatus)).toEqual(["sending", "sent", "undelivered"]);
    expect(receiver.received[2].params.ErrorCode).toBe("30003");
    expect(receiver.received[1].params.ErrorCode).toBeUndefined();
    expect(receiver.received.every((r) => isSignedByTwilio(r))).toBe(true);
    expect(await client.messages(message.sid).fetch()).toMatchObject({ status: "undelivered", errorCode: 30003 });
  });

  it("advances a message without StatusCallback without calling anyone", async () => {
    const message = await client.messages.create({ to: TO, from: FROM, body: "hi" });
    await vi.waitFor(async () => expect((await client.messages(message.sid).fetch()).status).toBe("delivered"));
    expect(receiver.received).toHaveLength(0);
  });

  it("cancels planned callbacks on close", async () => {
    const short = new FakeTwilio({ ...creds, callbacks: "auto", delaysMs: { sending: 150, sent: 200, delivered: 250 } });
    const shortClient = sdkClient({ ...creds, apiUrl: await short.listen() });
    const { sid } = await shortClient.messages.create({ to: TO, from: FROM, body: "hi", statusCallback: `${receiver.url}/twilio/status` });
    await short.close();

    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(receiver.received).toHaveLength(0);
    expect(short.pendingCallbacks(sid).map((c) => c.status)).toEqual(["sending", "sent", "delivered"]);
  });
});

describe("FakeTwilio's status callbacks in manual mode", () => {
  let fake: FakeTwilio;
  let client: Twilio;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  withFakeTwilio((setup) => ({ fake, client } = setup));
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => {
    receiver.received.length = 0;
  });
  afterAll(() => receiver.close());

  it("plans Twilio's sequence without sending anything until the test plays it", async () => {
    const statusCallback = `${receiver.url}/twilio/status?c=1`;
    const message = await client.messages.create({ to: TO, from: FROM, body: "hi", statusCallback });

    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received).toHaveLength(0);
    expect(fake.pendingCallbacks(message.sid)).toEqual(
      ["sending", "sent", "delivered"].map((status) => ({
        sid: message.sid,
        status,
        url: statusCallback,
        params: expect.objectContaining({ MessageSid: message.sid, MessageStatus: status }),
      })),
    );
  });

  it("plays callbacks in any order, each signed, and keeps the latest status", async () => {
    const statusCallback = `${receiver.url}/twilio/status?tenant=acme`;
    const message = await client.messages.create({ to: TO, from: FROM, body: "hi", statusCallback });
    const planned = fake.pendingCallbacks(message.sid);
    const order = [planned[2], planned[0], planned[1]]; // delivered before sending and sent: Twilio does not order them

    for (const callback of order) {
      expect(await fake.playCallback(callback.sid, callback.status)).toEqual({ status: 200, body: expect.stringContaining("<Response/>") });
    }

    expect(receiver.received.map((r) => r.params.MessageStatus)).toEqual(["delivered", "sending", "sent"]);
    expect(receiver.received.every((r) => r.url === statusCallback && isSignedByTwilio(r))).toBe(true);
    expect(fake.messages[0].status).toBe("delivered");
    expect(fake.pendingCallbacks(message.sid)).toEqual([]);
  });

  it("replays a shuffled sequence, duplicates and extra parameters included", async () => {
    const message = await client.messages.create({ to: "+15145550000", from: FROM, body: "hi", statusCallback: `${receiver.url}/s` });
    const planned = fake.pendingCallbacks(message.sid);
    const plays = shuffle([...planned, ...planned]);

    for (const callback of plays) await fake.playCallback(callback.sid, callback.status);
    await fake.playCallback(message.sid, "sent", { RawDlrDoneDate: "2401011200" });

    expect(receiver.received).toHaveLength(plays.length + 1);
    expect(receiver.received.every((r) => isSignedByTwilio(r))).toBe(true);
    expect(receiver.received.filter((r) => r.params.MessageStatus === "undelivered").every((r) => r.params.ErrorCode === "30003")).toBe(true);
    expect(receiver.received.at(-1)!.params.RawDlrDoneDate).toBe("2401011200");
    expect(fake.messages[0]).toMatchObject({ status: "undelivered", errorCode: 30003 });
  });

  it("still plays a late callback for a message recorded before reset(), as Twilio would", async () => {
    const message = await client.messages.create({ to: TO, from: FROM, body: "hi", statusCallback: `${receiver.url}/s` });
    fake.reset();

    expect(fake.messages).toEqual([]);
    expect(fake.pendingCallbacks()).toEqual([]);
    expect(fake.pendingCallbacks(message.sid).map((c) => c.status)).toEqual(["sending", "sent", "delivered"]);
    expect((await fake.playCallback(message.sid, "delivered")).status).toBe(200);
    expect(receiver.received.map((r) => r.params.MessageSid)).toEqual([message.sid]);
  });

  it("refuses to play a callback for a message created without StatusCallback", async () => {
    const message = await client.messages.create({ to: TO, from: FROM, body: "hi" });
    expect(fake.pendingCallbacks(message.sid)).toEqual([]);
    await expect(fake.playCallback(message.sid, "delivered")).rejects.toThrow(/without StatusCallback/);
  });
});
