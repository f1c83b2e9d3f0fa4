import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import twilio from "twilio";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTwilioClient, rewriteTwilioUrl, type Twilio } from "../platform/twilio-client.js";
import { FakeTwilio, simulatorCredentials } from "./fake-twilio.js";

const creds = simulatorCredentials();
const FROM = "+15146300808";
const TO = "+15145550123";

/** What a webhook endpoint of ours would see: the full URL Twilio called, its headers and form parameters. */
interface Received {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
}

/** A local stand-in for our webhook routes: records every POST and answers like the API would (empty TwiML). */
async function startReceiver() {
  const received: Received[] = [];
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  let base = "";
  app.post("/{*rest}", (req, res) => {
    received.push({ url: `${base}${req.originalUrl}`, headers: req.headers, params: req.body as Record<string, string> });
    res.type("text/xml").send(new twilio.twiml.MessagingResponse().toString());
  });
  const server: HttpServer = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isSignedByTwilio(r: Received, authToken = creds.authToken): boolean {
  return twilio.validateRequest(authToken, String(r.headers["x-twilio-signature"] ?? ""), r.url, r.params);
}

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("createTwilioClient", () => {
  it("sends requests for any *.twilio.com host to the given base URL, keeping path and query", () => {
    const base = "http://127.0.0.1:4000/dev/twilio/";
    expect(rewriteTwilioUrl("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=2", base)).toBe(
      "http://127.0.0.1:4000/dev/twilio/2010-04-01/Accounts/AC1/Messages.json?PageSize=2",
    );
    expect(rewriteTwilioUrl("https://messaging.twilio.com/v1/Services", base)).toBe("http://127.0.0.1:4000/dev/twilio/v1/Services");
    expect(rewriteTwilioUrl("https://api.dublin.ie1.twilio.com/2010-04-01/Accounts.json", base)).toBe(
      "http://127.0.0.1:4000/dev/twilio/2010-04-01/Accounts.json",
    );
    expect(rewriteTwilioUrl("https://example.com/media/1.png", base)).toBe("https://example.com/media/1.png");
  });

  it("leaves the SDK's own HTTP client alone without an apiUrl", () => {
    const client = createTwilioClient(creds);
    expect(client.httpClient.constructor).toBe(twilio.RequestClient);
    expect(client.accountSid).toBe(creds.accountSid);
  });
});

describe("FakeTwilio's Messages API, through the real SDK", () => {
  let fake: FakeTwilio;
  let fakeUrl: string;
  let client: Twilio;

  beforeAll(async () => {
    fake = new FakeTwilio({ ...creds, callbacks: "manual" });
    fakeUrl = await fake.listen();
    client = createTwilioClient({ ...creds, apiUrl: fakeUrl });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it("accepts a message, records it, and answers with a Twilio Message resource", async () => {
    const message = await client.messages.create({ to: TO, from: FROM, body: "Hello from the fake", statusCallback: "https://sms.example.com/twilio/status" });

    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe("queued");
    expect(message).toMatchObject({
      accountSid: creds.accountSid,
      apiVersion: "2010-04-01",
      to: TO,
      from: FROM,
      body: "Hello from the fake",
      direction: "outbound-api",
      numSegments: "1",
      numMedia: "0",
      errorCode: null,
      errorMessage: null,
      messagingServiceSid: null,
      price: null,
      priceUnit: "USD",
      dateSent: null,
      uri: `/2010-04-01/Accounts/${creds.accountSid}/Messages/${message.sid}.json`,
    });
    // The SDK parses Twilio's RFC 2822 dates: a wrong format would give an Invalid Date here.
    expect(message.dateCreated.getTime()).toBeGreaterThan(Date.now() - 60_000);

    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({
      sid: message.sid,
      to: TO,
      from: FROM,
      body: "Hello from the fake",
      mediaUrls: [],
      statusCallback: "https://sms.example.com/twilio/status",
      status: "queued",
      params: { To: TO, From: FROM, Body: "Hello from the fake", StatusCallback: "https://sms.example.com/twilio/status" },
    });
    expect(fake.requests).toEqual([
      expect.objectContaining({ method: "POST", path: `/2010-04-01/Accounts/${creds.accountSid}/Messages.json`, authOk: true }),
    ]);
  });

  it("counts segments and media like Twilio, and gives an MMS an MM sid", async () => {
    const long = await client.messages.create({ to: TO, from: FROM, body: "x".repeat(161) });
    expect(long.numSegments).toBe("2");

    const mms = await client.messages.create({ to: TO, from: FROM, mediaUrl: ["https://example.com/a.png", "https://example.com/b.jpg"] });
    expect(mms.sid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(mms.numMedia).toBe("2");
    expect(fake.messages[1].mediaUrls).toEqual(["https://example.com/a.png", "https://example.com/b.jpg"]);
  });

  it("refuses a wrong auth token with a RestException carrying code 20003 and status 401", async () => {
    const intruder = createTwilioClient({ ...creds, authToken: "not-the-token", apiUrl: fakeUrl });
    const error = await intruder.messages.create({ to: TO, from: FROM, body: "hi" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({ code: 20003, status: 401, message: "Authenticate", moreInfo: "https://www.twilio.com/docs/errors/20003" });
    expect(fake.messages).toHaveLength(0);
    expect(fake.requests[0].authOk).toBe(false);
  });

  it("refuses a path AccountSid other than the authenticated account", async () => {
    const res = await fetch(`${fakeUrl}/2010-04-01/Accounts/AC${"0".repeat(32)}/Messages.json`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${creds.accountSid}:${creds.authToken}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ To: TO, From: FROM, Body: "hi" }).toString(),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
  });

  it.each([
    { rule: "a 'To' that is not E.164", params: { to: "5145550123", from: FROM, body: "hi" }, code: 21211, message: "The 'To' number 5145550123 is not a valid phone number." },
    { rule: "a recipient who opted out (To ending 0001)", params: { to: "+15145550001", from: FROM, body: "hi" }, code: 21610, message: "Attempt to send to unsubscribed recipient" },
    { rule: "a landline (To ending 0002)", params: { to: "+15145550002", from: FROM, body: "hi" }, code: 21614, message: "'To' number is not a valid mobile number" },
    { rule: "a message with neither From nor MessagingServiceSid", params: { to: TO, body: "hi" }, code: 21603, message: "A 'From' phone number is required." },
    { rule: "a message with neither Body nor MediaUrl", params: { to: TO, from: FROM }, code: 21602, message: "Message body is required." },
    { rule: "a body over 1,600 characters", params: { to: TO, from: FROM, body: "x".repeat(1601) }, code: 21617, message: "The concatenated message body exceeds the 1600 character limit." },
  ])("refuses $rule with Twilio error $code and HTTP 400", async ({ params, code, message }) => {
    const error = await client.messages.create(params).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({ code, status: 400, message, moreInfo: `https://www.twilio.com/docs/errors/${code}` });
    expect(fake.messages).toHaveLength(0);
  });

  it("accepts exactly 1,600 characters", async () => {
    await expect(client.messages.create({ to: TO, from: FROM, body: "x".repeat(1600) })).resolves.toMatchObject({ status: "queued" });
  });

  it("accepts a Messaging Service instead of From, starting as accepted", async () => {
    const messagingServiceSid = `MG${"a".repeat(32)}`;
    const message = await client.messages.create({ to: TO, messagingServiceSid, body: "hi", statusCallback: "https://sms.example.com/s" });
    expect(message).toMatchObject({ status: "accepted", from: null, messagingServiceSid });
    expect(fake.pendingCallbacks(message.sid).map((c) => c.status)).toEqual(["queued", "sending", "sent", "delivered"]);
  });

  it("returns a message's current status on fetch, and 20404 for an unknown sid", async () => {
    const created = await client.messages.create({ to: TO, from: FROM, body: "hi" });
    expect((await client.messages(created.sid).fetch()).status).toBe("queued");

    const missing = `SM${"f".repeat(32)}`;
    const error = await client.messages(missing).fetch().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 20404, status: 404, message: `The requested resource /2010-04-01/Accounts/${creds.accountSid}/Messages/${missing}.json was not found` });
  });
});

describe("FakeTwilio mounted under a base path", () => {
  it("serves the same API below /dev/twilio, as the API mounts it in development", async () => {
    const fake = new FakeTwilio({ ...creds, callbacks: "manual" });
    const app = express().use("/dev/twilio", fake.router());
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = createTwilioClient({ ...creds, apiUrl: `${base}/dev/twilio` });
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

describe("FakeTwilio's status callbacks in auto mode", () => {
  let fake: FakeTwilio;
  let client: Twilio;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    fake = new FakeTwilio({ ...creds, callbacks: "auto", delaysMs: { sending: 10, sent: 30, delivered: 60 } });
    client = createTwilioClient({ ...creds, apiUrl: await fake.listen() });
  });
  afterEach(() => {
    fake.reset();
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });

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
    const shortClient = createTwilioClient({ ...creds, apiUrl: await short.listen() });
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

  beforeAll(async () => {
    receiver = await startReceiver();
    fake = new FakeTwilio({ ...creds, callbacks: "manual" });
    client = createTwilioClient({ ...creds, apiUrl: await fake.listen() });
  });
  afterEach(() => {
    fake.reset();
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });

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

describe("FakeTwilio.sendInboundSms", () => {
  let fake: FakeTwilio;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    fake = new FakeTwilio({ ...creds, callbacks: "manual" });
  });
  afterEach(() => {
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });

  it("posts Twilio's inbound SMS parameters, signed so that validateRequest accepts them", async () => {
    const webhookUrl = `${receiver.url}/twilio/sms?tenant=acme`;
    const sent = await fake.sendInboundSms({ webhookUrl, from: TO, to: FROM, body: "Hi there" });

    expect(sent.status).toBe(200);
    expect(sent.body).toContain("<Response/>");
    expect(sent.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    const [request] = receiver.received;
    expect(request.url).toBe(webhookUrl);
    expect(isSignedByTwilio(request)).toBe(true);
    expect(request.params).toMatchObject({
      MessageSid: sent.messageSid,
      SmsSid: sent.messageSid,
      SmsMessageSid: sent.messageSid,
      AccountSid: creds.accountSid,
      From: TO,
      To: FROM,
      Body: "Hi there",
      NumMedia: "0",
      NumSegments: "1",
      SmsStatus: "received",
      ApiVersion: "2010-04-01",
      FromCountry: "CA", // 514 is Montreal
    });
    expect(request.params).toEqual(sent.params);
  });

  it("carries MediaUrl0 and MediaContentType0 for an MMS, with an MM sid", async () => {
    const sent = await fake.sendInboundSms({
      webhookUrl: `${receiver.url}/twilio/sms`,
      from: TO,
      to: FROM,
      body: "",
      media: [{ url: "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1", contentType: "image/jpeg" }],
    });

    expect(sent.messageSid).toMatch(/^MM[0-9a-f]{32}$/);
    const [request] = receiver.received;
    expect(request.params).toMatchObject({
      NumMedia: "1",
      MediaUrl0: "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1",
      MediaContentType0: "image/jpeg",
      Body: "",
    });
    expect(isSignedByTwilio(request)).toBe(true);
  });

  it("replays the same message when given its sid, and adds extra parameters", async () => {
    const first = await fake.sendInboundSms({ webhookUrl: `${receiver.url}/twilio/sms`, from: TO, to: FROM, body: "STOP", extra: { OptOutType: "STOP" } });
    const again = await fake.sendInboundSms({ webhookUrl: `${receiver.url}/twilio/sms`, from: TO, to: FROM, body: "STOP", messageSid: first.messageSid, extra: { OptOutType: "STOP" } });

    expect(again.messageSid).toBe(first.messageSid);
    expect(receiver.received.map((r) => r.params.MessageSid)).toEqual([first.messageSid, first.messageSid]);
    expect(receiver.received.map((r) => r.params.OptOutType)).toEqual(["STOP", "STOP"]);
    expect(receiver.received.every((r) => isSignedByTwilio(r))).toBe(true);
  });

  it("forges a signature with signWith, and sends none when unsigned", async () => {
    await fake.sendInboundSms({ webhookUrl: `${receiver.url}/twilio/sms`, from: TO, to: FROM, body: "hi", signWith: "someone-elses-token" });
    await fake.sendInboundSms({ webhookUrl: `${receiver.url}/twilio/sms`, from: TO, to: FROM, body: "hi", unsigned: true });

    const [forged, unsigned] = receiver.received;
    expect(forged.headers["x-twilio-signature"]).toBeTruthy();
    expect(isSignedByTwilio(forged)).toBe(false);
    expect(isSignedByTwilio(forged, "someone-elses-token")).toBe(true);
    expect(unsigned.headers["x-twilio-signature"]).toBeUndefined();
    expect(isSignedByTwilio(unsigned)).toBe(false);
  });
});
