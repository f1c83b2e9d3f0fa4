import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import twilio from "twilio";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTwilioClient, rewriteTwilioUrl, type Twilio } from "../twilio/client.js";
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
    const message = await client.messages.create({
      to: TO,
      from: FROM,
      body: "Hello from the fake",
      statusCallback: "https://sms.example.com/twilio/status",
    });

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
    {
      rule: "a 'To' that is not E.164",
      params: { to: "5145550123", from: FROM, body: "hi" },
      code: 21211,
      message: "The 'To' number 5145550123 is not a valid phone number.",
    },
    {
      rule: "a recipient who opted out (To ending 0001)",
      params: { to: "+15145550001", from: FROM, body: "hi" },
      code: 21610,
      message: "Attempt to send to unsubscribed recipient",
    },
    {
      rule: "a landline (To ending 0002)",
      params: { to: "+15145550002", from: FROM, body: "hi" },
      code: 21614,
      message: "'To' number is not a valid mobile number",
    },
    {
      rule: "a message with neither From nor MessagingServiceSid",
      params: { to: TO, body: "hi" },
      code: 21603,
      message: "A 'From' phone number is required.",
    },
    { rule: "a message with neither Body nor MediaUrl", params: { to: TO, from: FROM }, code: 21602, message: "Message body is required." },
    {
      rule: "a body over 1,600 characters",
      params: { to: TO, from: FROM, body: "x".repeat(1601) },
      code: 21617,
      message: "The concatenated message body exceeds the 1600 character limit.",
    },
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
    const error = await client
      .messages(missing)
      .fetch()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 20404,
      status: 404,
      message: `The requested resource /2010-04-01/Accounts/${creds.accountSid}/Messages/${missing}.json was not found`,
    });
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
    const first = await fake.sendInboundSms({
      webhookUrl: `${receiver.url}/twilio/sms`,
      from: TO,
      to: FROM,
      body: "STOP",
      extra: { OptOutType: "STOP" },
    });
    const again = await fake.sendInboundSms({
      webhookUrl: `${receiver.url}/twilio/sms`,
      from: TO,
      to: FROM,
      body: "STOP",
      messageSid: first.messageSid,
      extra: { OptOutType: "STOP" },
    });

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

// ---------------------------------------------------------------------------------------------------------------------
// Voice
// ---------------------------------------------------------------------------------------------------------------------

const AGENT = "+15146300100";
const CUSTOMER = "+15146300808";
const OUR_NUMBER = "+16502907793";
const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

interface VoiceReceived extends Received {
  method: string;
  path: string;
  query: Record<string, string>;
}

/**
 * A stand-in for the API's voice webhooks: records every request and answers with what `answer` returns for it
 * (TwiML), or an empty `<Response/>`.
 */
async function startVoiceReceiver(answer: (r: VoiceReceived, base: string) => string | undefined) {
  const received: VoiceReceived[] = [];
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  let base = "";
  app.all("/{*rest}", (req, res) => {
    const r: VoiceReceived = {
      method: req.method,
      path: req.path,
      url: `${base}${req.originalUrl}`,
      headers: req.headers,
      query: Object.fromEntries(new URL(req.originalUrl, base).searchParams),
      params: req.method === "GET" ? {} : ((req.body as Record<string, string> | undefined) ?? {}),
    };
    received.push(r);
    res.type("text/xml").send(answer(r, base) ?? "<Response/>");
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

/** The TwiML the API answers for click-to-call, as in the brief: ring the customer, report both legs. */
function clickToCallTwiml(base: string, entryId: string, opts: { action?: boolean } = {}): string {
  const dial = new twilio.twiml.VoiceResponse().dial({
    callerId: OUR_NUMBER,
    timeout: 25,
    answerOnBridge: true,
    ...(opts.action === false ? {} : { action: `${base}/webhooks/twilio/voice/dial-status?entryId=${entryId}` }),
  });
  dial.number(
    {
      statusCallback: `${base}/webhooks/twilio/voice/status?entryId=${entryId}&leg=customer`,
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
    },
    CUSTOMER,
  );
  return dial.toString();
}

const ALL_EVENTS = ["initiated", "ringing", "answered", "completed"];

describe("FakeTwilio's Calls API, through the real SDK", () => {
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

  it("creates a call and answers with a queued Twilio Call resource", async () => {
    const call = await client.calls.create({
      to: AGENT,
      from: OUR_NUMBER,
      url: "https://api.example.com/webhooks/twilio/voice/connect?entryId=e1",
      statusCallback: "https://api.example.com/webhooks/twilio/voice/status?entryId=e1&leg=agent",
      statusCallbackEvent: ALL_EVENTS,
    });

    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call).toMatchObject({
      accountSid: creds.accountSid,
      apiVersion: "2010-04-01",
      status: "queued",
      direction: "outbound-api",
      to: AGENT,
      toFormatted: "(514) 630-0100",
      from: OUR_NUMBER,
      fromFormatted: "(650) 290-7793",
      parentCallSid: null,
      startTime: null,
      endTime: null,
      duration: null,
      price: null,
      priceUnit: "USD",
      answeredBy: null,
      uri: `/2010-04-01/Accounts/${creds.accountSid}/Calls/${call.sid}.json`,
      subresourceUris: expect.objectContaining({ recordings: `/2010-04-01/Accounts/${creds.accountSid}/Calls/${call.sid}/Recordings.json` }),
    });
    expect(call.dateCreated.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(fake.calls).toEqual([
      expect.objectContaining({
        sid: call.sid,
        direction: "outbound-api",
        url: "https://api.example.com/webhooks/twilio/voice/connect?entryId=e1",
        method: "POST",
        statusCallback: "https://api.example.com/webhooks/twilio/voice/status?entryId=e1&leg=agent",
        statusCallbackEvents: ALL_EVENTS,
        outcome: { kind: "answer", seconds: 0 },
        params: expect.objectContaining({ To: AGENT, From: OUR_NUMBER, StatusCallbackEvent: ALL_EVENTS }),
      }),
    ]);
    expect((await client.calls(call.sid).fetch()).status).toBe("queued");
  });

  it("refuses a wrong auth token with 20003", async () => {
    const intruder = createTwilioClient({ ...creds, authToken: "not-the-token", apiUrl: fakeUrl });
    const error = await intruder.calls.create({ to: AGENT, from: OUR_NUMBER, url: "https://api.example.com/v" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({ code: 20003, status: 401 });
    expect(fake.calls).toHaveLength(0);
  });

  const post = (params: Record<string, string>) =>
    fetch(`${fakeUrl}/2010-04-01/Accounts/${creds.accountSid}/Calls.json`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${creds.accountSid}:${creds.authToken}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(params).toString(),
    });

  it.each([
    { rule: "no To", params: { From: OUR_NUMBER, Url: "https://a.example/v" }, code: 21201 },
    { rule: "a To that is neither E.164, client: nor sip:", params: { To: "5146300100", From: OUR_NUMBER, Url: "https://a.example/v" }, code: 21211 },
    { rule: "no From", params: { To: AGENT, Url: "https://a.example/v" }, code: 21213 },
    { rule: "a From that is not E.164", params: { To: AGENT, From: "Talkdesk", Url: "https://a.example/v" }, code: 21212 },
    { rule: "neither Url nor Twiml", params: { To: AGENT, From: OUR_NUMBER }, code: 21205 },
    { rule: "a Url that is not http(s)", params: { To: AGENT, From: OUR_NUMBER, Url: "ftp://a.example/v" }, code: 21205 },
  ])("refuses $rule with Twilio error $code and HTTP 400", async ({ params, code }) => {
    const res = await post(params as Record<string, string>);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code, status: 400, more_info: `https://www.twilio.com/docs/errors/${code}` });
    expect(fake.calls).toHaveLength(0);
  });

  it("accepts client: and sip: addresses, and Twiml instead of Url", async () => {
    expect((await post({ To: "client:agent-7", From: OUR_NUMBER, Url: "https://a.example/v" })).status).toBe(201);
    expect((await post({ To: "sip:agent@pbx.example.com", From: OUR_NUMBER, Twiml: "<Response><Say>Hi</Say></Response>" })).status).toBe(201);
    expect(fake.calls.map((c) => [c.to, c.url, c.twiml])).toEqual([
      ["client:agent-7", "https://a.example/v", null],
      ["sip:agent@pbx.example.com", null, "<Response><Say>Hi</Say></Response>"],
    ]);
  });

  it("answers 20404 for an unknown call sid", async () => {
    const missing = `CA${"f".repeat(32)}`;
    expect(
      await client
        .calls(missing)
        .fetch()
        .catch((e: unknown) => e),
    ).toMatchObject({ code: 20404, status: 404 });
  });
});

describe("FakeTwilio click-to-call in manual mode (runCall)", () => {
  let fake: FakeTwilio;
  let client: Twilio;
  let api: Awaited<ReturnType<typeof startVoiceReceiver>>;

  beforeAll(async () => {
    api = await startVoiceReceiver((r, base) => {
      if (r.path === "/webhooks/twilio/voice/connect") return clickToCallTwiml(base, r.query.entryId, { action: r.query.noAction !== "1" });
      if (r.path === "/webhooks/twilio/voice/dial-status") return "<Response><Hangup/></Response>";
      return undefined;
    });
    fake = new FakeTwilio({ ...creds, callbacks: "manual" });
    client = createTwilioClient({ ...creds, apiUrl: await fake.listen() });
  });
  afterEach(() => {
    fake.reset();
    api.received.length = 0;
    fake.setCallOutcome(CUSTOMER, null);
  });
  afterAll(async () => {
    await fake.close();
    await api.close();
  });

  const startCall = (agent = AGENT, entryId = "e1", extra: { statusCallbackEvent?: string[]; noAction?: boolean } = {}) =>
    client.calls.create({
      to: agent,
      from: OUR_NUMBER,
      url: `${api.url}/webhooks/twilio/voice/connect?entryId=${entryId}${extra.noAction ? "&noAction=1" : ""}`,
      statusCallback: `${api.url}/webhooks/twilio/voice/status?entryId=${entryId}&leg=agent`,
      statusCallbackEvent: extra.statusCallbackEvent ?? ALL_EVENTS,
    });

  const legOf = (r: VoiceReceived) => r.query.leg ?? r.path.split("/").at(-1);

  it("plans the agent leg's callbacks and sends nothing until the test runs the call", async () => {
    const call = await startCall();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(api.received).toHaveLength(0);
    expect(fake.pendingCallbacks(call.sid)).toEqual(
      ["initiated", "ringing", "in-progress", "completed"].map((status, i) => ({
        sid: call.sid,
        status,
        url: `${api.url}/webhooks/twilio/voice/status?entryId=e1&leg=agent`,
        params: expect.objectContaining({ CallSid: call.sid, CallStatus: status, SequenceNumber: String(i), Direction: "outbound-api" }),
      })),
    );
    expect(fake.pendingCallbacks().map((c) => c.sid)).toEqual([call.sid, call.sid, call.sid, call.sid]);
  });

  it("runs an answered click-to-call: agent leg, TwiML, customer leg, Dial action, end — all signed", async () => {
    fake.setCallOutcome(CUSTOMER, { kind: "answer", seconds: 42 });
    const call = await startCall();
    const steps = await fake.runCall(call.sid);

    expect(api.received.map((r) => `${legOf(r)} ${r.params.CallStatus}${r.params.DialCallStatus ? ` ${r.params.DialCallStatus}` : ""}`)).toEqual([
      "agent initiated",
      "agent ringing",
      "agent in-progress",
      "connect in-progress",
      "customer initiated",
      "customer ringing",
      "customer in-progress",
      "customer completed",
      "dial-status in-progress completed",
      "agent completed",
    ]);
    for (const r of api.received) {
      expect(r.method).toBe("POST");
      expect(isSignedByTwilio(r), `${r.url} is signed`).toBe(true);
    }
    // The resolved steps are exactly the requests made, with the answers.
    expect(steps.map((s) => [s.kind, s.url, s.status])).toEqual(
      api.received.map((r) => [
        r.path.endsWith("/connect") ? "twiml" : r.path.endsWith("/dial-status") ? "dial-action" : "status-callback",
        r.url,
        200,
      ]),
    );
    expect(steps.map((s) => s.params)).toEqual(api.received.map((r) => r.params));
    expect(steps.find((s) => s.kind === "twiml")!.body).toContain("<Number");
    expect(steps.find((s) => s.kind === "dial-action")!.body).toBe("<Response><Hangup/></Response>");

    const agentLeg = api.received.filter((r) => r.query.leg === "agent");
    expect(agentLeg.map((r) => r.params.SequenceNumber)).toEqual(["0", "1", "2", "3"]);
    for (const r of agentLeg) {
      expect(r.url).toBe(`${api.url}/webhooks/twilio/voice/status?entryId=e1&leg=agent`);
      expect(r.params).toMatchObject({
        CallSid: call.sid,
        AccountSid: creds.accountSid,
        From: OUR_NUMBER,
        To: AGENT,
        Direction: "outbound-api",
        ApiVersion: "2010-04-01",
        CallbackSource: "call-progress-events",
        Timestamp: expect.stringMatching(RFC_2822),
      });
      expect(r.params.ParentCallSid).toBeUndefined();
    }
    expect(agentLeg[3].params).toMatchObject({ CallStatus: "completed", CallDuration: "42", Duration: "1" });
    expect(agentLeg[2].params.CallDuration).toBeUndefined();

    const connect = api.received.find((r) => r.path.endsWith("/connect"))!;
    expect(connect.url).toBe(`${api.url}/webhooks/twilio/voice/connect?entryId=e1`);
    expect(connect.params).toMatchObject({
      CallSid: call.sid,
      AccountSid: creds.accountSid,
      From: OUR_NUMBER,
      To: AGENT,
      Caller: OUR_NUMBER,
      Called: AGENT,
      CallStatus: "in-progress",
      Direction: "outbound-api",
      ApiVersion: "2010-04-01",
    });

    const customerLeg = api.received.filter((r) => r.query.leg === "customer");
    const childSid = customerLeg[0].params.CallSid;
    expect(childSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(childSid).not.toBe(call.sid);
    for (const r of customerLeg) {
      // &amp; in the TwiML attribute is & in the URL called.
      expect(r.url).toBe(`${api.url}/webhooks/twilio/voice/status?entryId=e1&leg=customer`);
      expect(r.params).toMatchObject({ CallSid: childSid, ParentCallSid: call.sid, Direction: "outbound-dial", From: OUR_NUMBER, To: CUSTOMER });
    }
    expect(customerLeg.map((r) => r.params.SequenceNumber)).toEqual(["0", "1", "2", "3"]);
    expect(customerLeg[3].params).toMatchObject({ CallDuration: "42", Duration: "1" });

    const action = api.received.find((r) => r.path.endsWith("/dial-status"))!;
    expect(action.url).toBe(`${api.url}/webhooks/twilio/voice/dial-status?entryId=e1`);
    expect(action.params).toMatchObject({
      CallSid: call.sid,
      From: OUR_NUMBER,
      To: AGENT,
      CallStatus: "in-progress",
      Direction: "outbound-api",
      DialCallSid: childSid,
      DialCallStatus: "completed",
      DialCallDuration: "42",
      DialBridged: "true",
    });

    // The resources moved too, and stay within what the SDK reads.
    const parent = await client.calls(call.sid).fetch();
    expect(parent).toMatchObject({ status: "completed", duration: "42", parentCallSid: null });
    expect(parent.startTime).toBeInstanceOf(Date);
    expect(parent.endTime).toBeInstanceOf(Date);
    expect(await client.calls(childSid).fetch()).toMatchObject({
      status: "completed",
      duration: "42",
      parentCallSid: call.sid,
      direction: "outbound-dial",
      to: CUSTOMER,
    });
    expect(fake.pendingCallbacks(call.sid)).toEqual([]);
    expect(fake.pendingCallbacks(childSid)).toEqual([]);
    expect(fake.calls.find((c) => c.sid === call.sid)!.steps).toEqual(steps);
  });

  it.each([
    { outcome: { kind: "no-answer" as const }, status: "no-answer" },
    { outcome: { kind: "busy" as const }, status: "busy" },
    { outcome: { kind: "failed" as const }, status: "failed" },
  ])("reports a customer who ends $status: the leg, the Dial action, then the agent leg completes", async ({ outcome, status }) => {
    fake.setCallOutcome(CUSTOMER, outcome);
    const call = await startCall();
    await fake.runCall(call.sid);

    const customerLeg = api.received.filter((r) => r.query.leg === "customer");
    expect(customerLeg.map((r) => r.params.CallStatus)).toEqual(["initiated", "ringing", status]);
    expect(customerLeg[2].params).toMatchObject({ CallDuration: "0", SequenceNumber: "2" });
    const action = api.received.find((r) => r.path.endsWith("/dial-status"))!;
    expect(action.params).toMatchObject({ DialCallStatus: status, DialBridged: "false", DialCallSid: customerLeg[0].params.CallSid });
    expect(action.params.DialCallDuration).toBeUndefined();
    const last = api.received.at(-1)!;
    expect(last.params).toMatchObject({ CallSid: call.sid, CallStatus: "completed", CallDuration: "0", Duration: "0" });
    expect(api.received.every((r) => isSignedByTwilio(r))).toBe(true);
  });

  it("ends an agent who does not answer (…0000) as no-answer, without fetching the TwiML; …0001 is busy", async () => {
    const noAnswer = await startCall("+15146310000");
    const steps = await fake.runCall(noAnswer.sid);
    expect(api.received.map((r) => r.params.CallStatus)).toEqual(["initiated", "ringing", "no-answer"]);
    expect(api.received.every((r) => r.query.leg === "agent" && isSignedByTwilio(r))).toBe(true);
    expect(api.received[2].params).toMatchObject({ CallDuration: "0", Duration: "0", SequenceNumber: "2" });
    expect(steps.every((s) => s.kind === "status-callback")).toBe(true);
    expect((await client.calls(noAnswer.sid).fetch()).status).toBe("no-answer");

    api.received.length = 0;
    const busy = await startCall("+15146310001");
    expect(fake.pendingCallbacks(busy.sid).map((c) => c.status)).toEqual(["initiated", "ringing", "busy"]);
    await fake.runCall(busy.sid);
    expect(api.received.map((r) => r.params.CallStatus)).toEqual(["initiated", "ringing", "busy"]);
    expect(fake.calls.filter((c) => c.direction === "outbound-dial")).toEqual([]);
  });

  it("sends only the subscribed events: by default, completed alone", async () => {
    const call = await client.calls.create({
      to: AGENT,
      from: OUR_NUMBER,
      url: `${api.url}/webhooks/twilio/voice/connect?entryId=e2`,
      statusCallback: `${api.url}/s?leg=agent`,
    });
    expect(fake.pendingCallbacks(call.sid).map((c) => [c.status, c.params.SequenceNumber])).toEqual([["completed", "0"]]);
    await fake.runCall(call.sid);
    expect(api.received.filter((r) => r.query.leg === "agent").map((r) => r.params.CallStatus)).toEqual(["completed"]);

    api.received.length = 0;
    const answeredOnly = await startCall(AGENT, "e3", { statusCallbackEvent: ["answered", "completed"] });
    await fake.runCall(answeredOnly.sid);
    expect(api.received.filter((r) => r.query.leg === "agent").map((r) => [r.params.CallStatus, r.params.SequenceNumber])).toEqual([
      ["in-progress", "0"],
      ["completed", "1"],
    ]);
  });

  it("goes on with the next verb after a Dial without action", async () => {
    const receiver = await startVoiceReceiver((r, base) =>
      r.path === "/connect"
        ? `<?xml version="1.0" encoding="UTF-8"?><Response><!-- no action -->
             <Dial callerId="${OUR_NUMBER}"><Number statusCallback="${base}/status?a=1&amp;leg=customer">${CUSTOMER}</Number></Dial>
             <Say voice="alice">The customer hung up</Say><Pause length="2"/><Hangup/><Say>never</Say>
           </Response>`
        : undefined,
    );
    try {
      fake.setCallOutcome(CUSTOMER, { kind: "answer", seconds: 5 });
      const call = await client.calls.create({
        to: AGENT,
        from: OUR_NUMBER,
        url: `${receiver.url}/connect`,
        statusCallback: `${receiver.url}/status?leg=agent`,
      });
      await fake.runCall(call.sid);
      // Default events (completed only) for both legs; the agent's leg lasted the 5 s talk and the 2 s pause.
      expect(receiver.received.map((r) => `${r.path} ${r.query.leg ?? ""} ${r.params.CallStatus} ${r.params.CallDuration ?? ""}`)).toEqual([
        "/connect  in-progress ",
        "/status customer completed 5",
        "/status agent completed 7",
      ]);
      expect(receiver.received[1].url).toBe(`${receiver.url}/status?a=1&leg=customer`);
      expect(receiver.received.every((r) => isSignedByTwilio(r))).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it("dials several numbers at once: the first to answer wins, the other ringing legs are canceled", async () => {
    const numbers = ["+15146300901", "+15146300902", "+15146300903", "+15146300904"];
    fake.setCallOutcome(numbers[0], { kind: "no-answer" });
    fake.setCallOutcome(numbers[1], { kind: "busy" });
    fake.setCallOutcome(numbers[2], { kind: "answer", seconds: 3 });
    fake.setCallOutcome(numbers[3], { kind: "answer", seconds: 9 });
    const receiver = await startVoiceReceiver((r, base) => {
      if (r.path === "/connect") {
        const dial = new twilio.twiml.VoiceResponse().dial({ action: "/dial-status", method: "POST" });
        for (const n of numbers) {
          dial.number(
            { statusCallback: `${base}/status?n=${encodeURIComponent(n)}`, statusCallbackEvent: ["initiated", "ringing", "answered", "completed"] },
            n,
          );
        }
        return dial.toString();
      }
      return r.path === "/dial-status" ? "<Response><Hangup/></Response>" : undefined;
    });
    try {
      const call = await client.calls.create({ to: AGENT, from: OUR_NUMBER, url: `${receiver.url}/connect` });
      await fake.runCall(call.sid);
      const finals = Object.fromEntries(
        receiver.received
          .filter((r) => r.path === "/status" && ["completed", "busy", "no-answer", "canceled"].includes(r.params.CallStatus))
          .map((r) => [r.query.n, r.params.CallStatus]),
      );
      expect(finals).toEqual({ [numbers[0]]: "canceled", [numbers[1]]: "busy", [numbers[2]]: "completed", [numbers[3]]: "canceled" });
      // A relative action resolves against the document's URL; the leg that answered is the one reported.
      const action = receiver.received.find((r) => r.path === "/dial-status")!;
      expect(action.url).toBe(`${receiver.url}/dial-status`);
      const winner = fake.calls.find((c) => c.to === numbers[2])!;
      expect(action.params).toMatchObject({ DialCallSid: winner.sid, DialCallStatus: "completed", DialCallDuration: "3" });
      expect(fake.calls.filter((c) => c.parentCallSid === call.sid).map((c) => c.from)).toEqual([OUR_NUMBER, OUR_NUMBER, OUR_NUMBER, OUR_NUMBER]);
    } finally {
      await receiver.close();
    }
  });

  it("runs Twiml given at create, and replays any leg's callback with playCallback", async () => {
    fake.setCallOutcome(CUSTOMER, { kind: "answer", seconds: 4 });
    const twiml = `<Response><Dial callerId="${OUR_NUMBER}"><Number statusCallback="${api.url}/status?leg=customer" statusCallbackEvent="ringing completed">${CUSTOMER}</Number></Dial></Response>`;
    const call = await client.calls.create({
      to: AGENT,
      from: OUR_NUMBER,
      twiml,
      statusCallback: `${api.url}/status?leg=agent`,
      statusCallbackEvent: ALL_EVENTS,
    });
    await fake.runCall(call.sid);
    const customer = api.received.filter((r) => r.query.leg === "customer");
    expect(customer.map((r) => [r.params.CallStatus, r.params.SequenceNumber])).toEqual([
      ["ringing", "0"],
      ["completed", "1"],
    ]);
    await expect(fake.runCall(call.sid)).rejects.toThrow(/already run/);

    const childSid = customer[0].params.CallSid;
    api.received.length = 0;
    expect((await fake.playCallback(childSid, "ringing")).status).toBe(200);
    expect((await fake.playCallback(call.sid, "completed", { CallDuration: "4" })).status).toBe(200);
    expect(api.received.map((r) => [r.query.leg, r.params.CallStatus, r.params.SequenceNumber])).toEqual([
      ["customer", "ringing", "0"],
      ["agent", "completed", "3"],
    ]);
    expect(api.received.every((r) => isSignedByTwilio(r))).toBe(true);
    // A late ringing does not move the finished leg backwards.
    expect(fake.calls.find((c) => c.sid === childSid)!.status).toBe("completed");
    await expect(fake.runCall(childSid)).rejects.toThrow(/outbound-dial/);
    await expect(fake.runCall(`CA${"0".repeat(32)}`)).rejects.toThrow(/no call/);
  });

  it("ends the call when the TwiML cannot be fetched or read, as Twilio does", async () => {
    const call = await client.calls.create({
      to: AGENT,
      from: OUR_NUMBER,
      url: `${api.url}/webhooks/twilio/voice/broken`,
      statusCallback: `${api.url}/s?leg=agent`,
    });
    const broken = await startVoiceReceiver(() => "<Response><Dial>");
    try {
      const other = await client.calls.create({ to: AGENT, from: OUR_NUMBER, url: `${broken.url}/x`, statusCallback: `${api.url}/s?leg=agent` });
      await fake.runCall(other.sid);
      expect(api.received.at(-1)!.params).toMatchObject({ CallSid: other.sid, CallStatus: "completed", CallDuration: "0" });
    } finally {
      await broken.close();
    }
    // <Response/> from the default handler: nothing to do, the call completes.
    await fake.runCall(call.sid);
    expect(api.received.at(-1)!.params).toMatchObject({ CallSid: call.sid, CallStatus: "completed" });
  });

  it("fetches the Url with GET when Method=GET, signed over the URL with its query", async () => {
    const call = await client.calls.create({
      to: AGENT,
      from: OUR_NUMBER,
      url: `${api.url}/webhooks/twilio/voice/connect?entryId=g1`,
      method: "GET",
    });
    const steps = await fake.runCall(call.sid);
    const fetched = api.received.find((r) => r.path.endsWith("/connect"))!;
    expect(fetched.method).toBe("GET");
    expect(fetched.query).toMatchObject({ entryId: "g1", CallSid: call.sid, CallStatus: "in-progress" });
    expect(twilio.validateRequest(creds.authToken, String(fetched.headers["x-twilio-signature"]), fetched.url, {})).toBe(true);
    expect(steps[0]).toMatchObject({ kind: "twiml", method: "GET", url: fetched.url });
  });
});

describe("FakeTwilio click-to-call in auto mode", () => {
  let api: Awaited<ReturnType<typeof startVoiceReceiver>>;

  beforeAll(async () => {
    api = await startVoiceReceiver((r, base) => {
      if (r.path === "/webhooks/twilio/voice/connect") return clickToCallTwiml(base, r.query.entryId);
      if (r.path === "/webhooks/twilio/voice/dial-status") return "<Response><Hangup/></Response>";
      return undefined;
    });
  });
  afterEach(() => {
    api.received.length = 0;
  });
  afterAll(() => api.close());

  const create = (client: Twilio, entryId: string, to = AGENT) =>
    client.calls.create({
      to,
      from: OUR_NUMBER,
      url: `${api.url}/webhooks/twilio/voice/connect?entryId=${entryId}`,
      statusCallback: `${api.url}/webhooks/twilio/voice/status?entryId=${entryId}&leg=agent`,
      statusCallbackEvent: ALL_EVENTS,
    });
  const trace = (entryId: string) =>
    api.received.filter((r) => r.query.entryId === entryId).map((r) => `${r.query.leg ?? r.path.split("/").at(-1)} ${r.params.CallStatus}`);

  it("plays a whole answered call by itself, in order, within a few seconds (default timings)", async () => {
    const fake = new FakeTwilio({ ...creds, callbacks: "auto" });
    const client = createTwilioClient({ ...creds, apiUrl: await fake.listen() });
    try {
      const started = Date.now();
      const call = await create(client, "auto1");
      expect(call.status).toBe("queued");
      await vi.waitFor(() => expect(trace("auto1")).toHaveLength(10), { timeout: 6000, interval: 20 });
      const elapsed = Date.now() - started;
      expect(trace("auto1")).toEqual([
        "agent initiated",
        "agent ringing",
        "agent in-progress",
        "connect in-progress",
        "customer initiated",
        "customer ringing",
        "customer in-progress",
        "customer completed",
        "dial-status in-progress",
        "agent completed",
      ]);
      // 8 s of default talk at 100 ms per simulated second, plus the rings: under 3 s + 0.8 s.
      expect(elapsed).toBeLessThan(3800);
      expect(elapsed).toBeGreaterThan(800);
      expect(api.received.every((r) => isSignedByTwilio(r))).toBe(true);
      expect(api.received.at(-1)!.params.CallDuration).toBe("8");
      expect((await client.calls(call.sid).fetch()).status).toBe("completed");
      await expect(fake.runCall(call.sid)).rejects.toThrow(/auto mode/);
    } finally {
      await fake.close();
    }
  }, 10_000);

  it("follows callDelaysMs and callSecondMs, and an agent who does not answer", async () => {
    const fake = new FakeTwilio({
      ...creds,
      callbacks: "auto",
      callDelaysMs: { initiated: 1, ringing: 1, answer: 1, busy: 1, noAnswer: 1 },
      callSecondMs: 1,
    });
    const client = createTwilioClient({ ...creds, apiUrl: await fake.listen() });
    try {
      fake.setCallOutcome(CUSTOMER, { kind: "answer", seconds: 30 });
      const started = Date.now();
      await create(client, "fast");
      const missed = await create(client, "missed", "+15146310000");
      await vi.waitFor(() => {
        expect(trace("fast")).toHaveLength(10);
        expect(trace("missed")).toHaveLength(3);
      });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(trace("missed")).toEqual(["agent initiated", "agent ringing", "agent no-answer"]);
      expect(api.received.filter((r) => r.query.entryId === "fast").at(-1)!.params.CallDuration).toBe("30");
      expect((await client.calls(missed.sid).fetch()).status).toBe("no-answer");
    } finally {
      await fake.close();
    }
  });

  it("stops a call's flow on close", async () => {
    const fake = new FakeTwilio({ ...creds, callbacks: "auto", callDelaysMs: { initiated: 100 } });
    const client = createTwilioClient({ ...creds, apiUrl: await fake.listen() });
    const call = await create(client, "closed");
    await fake.close();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(trace("closed")).toEqual([]);
    expect(fake.pendingCallbacks(call.sid).map((c) => c.status)).toEqual(["initiated", "ringing", "in-progress", "completed"]);
  });
});

describe("FakeTwilio.sendInboundCall", () => {
  let fake: FakeTwilio;
  let api: Awaited<ReturnType<typeof startVoiceReceiver>>;

  /** Like the API: ring the agents; if nobody answers, take a voicemail. */
  const answer = (r: VoiceReceived, base: string) => {
    switch (r.path) {
      case "/webhooks/twilio/voice":
        return `<Response><Dial timeout="20" action="/webhooks/twilio/voice/dial-status?entryId=in1&amp;step=dial"><Number>${AGENT}</Number><Number>+15146300101</Number></Dial></Response>`;
      case "/webhooks/twilio/voice/dial-status":
        if (r.params.DialCallStatus === "completed") return "<Response><Hangup/></Response>";
        return `<Response><Say>Please leave a message after the beep.</Say><Record action="${base}/webhooks/twilio/voice/recorded?entryId=in1" maxLength="120" playBeep="true" recordingStatusCallback="${base}/webhooks/twilio/voice/recording?entryId=in1&amp;x=1" recordingStatusCallbackEvent="completed"/></Response>`;
      case "/webhooks/twilio/voice/recorded":
        return "<Response><Hangup/></Response>";
      default:
        return undefined;
    }
  };

  beforeAll(async () => {
    api = await startVoiceReceiver(answer);
    fake = new FakeTwilio({ ...creds, callbacks: "manual" });
    await fake.listen();
  });
  afterEach(() => {
    fake.reset();
    api.received.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    await api.close();
  });

  const webhookUrl = () => `${api.url}/webhooks/twilio/voice`;

  it("rings the agents, nobody answers, the caller leaves a voicemail: every request signed, in order", async () => {
    const result = await fake.sendInboundCall({
      webhookUrl: webhookUrl(),
      from: CUSTOMER,
      to: OUR_NUMBER,
      agents: { kind: "no-answer" },
      voicemail: { seconds: 12 },
    });

    expect(result.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(result.steps.map((s) => [s.kind, s.url.replace(api.url, ""), s.status])).toEqual([
      ["twiml", "/webhooks/twilio/voice", 200],
      ["dial-action", "/webhooks/twilio/voice/dial-status?entryId=in1&step=dial", 200],
      ["record-action", "/webhooks/twilio/voice/recorded?entryId=in1", 200],
      ["recording-status-callback", "/webhooks/twilio/voice/recording?entryId=in1&x=1", 200],
    ]);
    expect(api.received.map((r) => r.url)).toEqual(result.steps.map((s) => s.url));
    expect(api.received.every((r) => r.method === "POST" && isSignedByTwilio(r))).toBe(true);
    expect(result.steps[0].body).toContain("<Dial");
    expect(result.steps[1].body).toContain("<Record");

    const [webhook, dialAction, recordAction, recordingCallback] = api.received;
    expect(webhook.params).toEqual(
      expect.objectContaining({
        CallSid: result.callSid,
        AccountSid: creds.accountSid,
        From: CUSTOMER,
        To: OUR_NUMBER,
        Caller: CUSTOMER,
        Called: OUR_NUMBER,
        CallStatus: "ringing",
        Direction: "inbound",
        ApiVersion: "2010-04-01",
        FromCountry: "CA",
        ToCountry: "US",
      }),
    );
    const dialled = fake.calls.filter((c) => c.parentCallSid === result.callSid);
    expect(dialled.map((c) => [c.to, c.from, c.direction, c.status])).toEqual([
      [AGENT, CUSTOMER, "outbound-dial", "no-answer"],
      ["+15146300101", CUSTOMER, "outbound-dial", "no-answer"],
    ]);
    expect(dialAction.params).toMatchObject({
      CallSid: result.callSid,
      Direction: "inbound",
      DialCallStatus: "no-answer",
      DialBridged: "false",
      DialCallSid: dialled[0].sid,
    });

    const [recording] = fake.recordings;
    expect(recording).toMatchObject({ sid: expect.stringMatching(/^RE[0-9a-f]{32}$/), callSid: result.callSid, duration: 12 });
    expect(recording.url).toBe(`${fake.url}/2010-04-01/Accounts/${creds.accountSid}/Recordings/${recording.sid}`);
    expect(recordAction.params).toMatchObject({
      CallSid: result.callSid,
      AccountSid: creds.accountSid,
      From: CUSTOMER,
      To: OUR_NUMBER,
      RecordingUrl: recording.url,
      RecordingSid: recording.sid,
      RecordingDuration: "12",
      Digits: "hangup",
    });
    expect(recordingCallback.params).toEqual({
      AccountSid: creds.accountSid,
      CallSid: result.callSid,
      RecordingSid: recording.sid,
      RecordingUrl: recording.url,
      RecordingStatus: "completed",
      RecordingDuration: "12",
      RecordingChannels: "1",
      RecordingStartTime: expect.stringMatching(RFC_2822),
      RecordingSource: "RecordVerb",
      ErrorCode: "0",
    });
    expect(fake.calls.find((c) => c.sid === result.callSid)).toMatchObject({ direction: "inbound", status: "completed", duration: 12 });

    // The recording's media: a WAV, without auth, with or without an extension.
    for (const suffix of ["", ".wav", ".mp3"]) {
      const audio = await fetch(`${recording.url}${suffix}`);
      expect(audio.status).toBe(200);
      expect(audio.headers.get("content-type")).toMatch(/^audio\/wav/);
      const bytes = Buffer.from(await audio.arrayBuffer());
      expect(bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
      expect(bytes.subarray(8, 12).toString("ascii")).toBe("WAVE");
      expect(bytes.readUInt32LE(24)).toBe(8000);
      expect(bytes.length).toBe(44 + 12 * 8000 * 2);
    }
    expect((await fetch(`${fake.url}/2010-04-01/Accounts/${creds.accountSid}/Recordings/RE${"0".repeat(32)}.mp3`)).status).toBe(404);
    expect((await fetch(`${fake.url}/2010-04-01/Accounts/AC${"0".repeat(32)}/Recordings/${recording.sid}`)).status).toBe(404);
  });

  it("bridges an agent who answers: DialCallDuration, no voicemail", async () => {
    const result = await fake.sendInboundCall({ webhookUrl: webhookUrl(), from: CUSTOMER, to: OUR_NUMBER, agents: { kind: "answer", seconds: 30 } });
    expect(result.steps.map((s) => s.kind)).toEqual(["twiml", "dial-action"]);
    const dialled = fake.calls.filter((c) => c.parentCallSid === result.callSid);
    expect(dialled.map((c) => c.status)).toEqual(["completed", "canceled"]);
    expect(api.received[1].params).toMatchObject({
      DialCallStatus: "completed",
      DialCallDuration: "30",
      DialBridged: "true",
      DialCallSid: dialled[0].sid,
    });
    expect(fake.recordings).toEqual([]);
    expect(fake.calls.find((c) => c.sid === result.callSid)).toMatchObject({ status: "completed", duration: 30 });
  });

  it("makes no recording when the caller hangs up before the beep (voicemail: null)", async () => {
    const result = await fake.sendInboundCall({ webhookUrl: webhookUrl(), from: CUSTOMER, to: OUR_NUMBER, voicemail: null });
    expect(result.steps.map((s) => s.kind)).toEqual(["twiml", "dial-action"]);
    expect(fake.recordings).toEqual([]);
  });

  it("defaults to nobody answering and a 12 s voicemail, reuses a given CallSid, and posts the number's status callback", async () => {
    const callSid = `CA${"ab".repeat(16)}`;
    const result = await fake.sendInboundCall({
      webhookUrl: webhookUrl(),
      from: CUSTOMER,
      to: OUR_NUMBER,
      callSid,
      statusCallback: `${api.url}/call-status`,
    });
    expect(result.callSid).toBe(callSid);
    expect(fake.recordings.map((r) => r.duration)).toEqual([12]);
    const status = api.received.at(-1)!;
    expect(status.path).toBe("/call-status");
    expect(status.params).toMatchObject({ CallSid: callSid, CallStatus: "completed", Direction: "inbound", CallDuration: "12", SequenceNumber: "0" });
    expect(isSignedByTwilio(status)).toBe(true);
  });

  it("forges every request with signWith, and signs none when unsigned", async () => {
    await fake.sendInboundCall({ webhookUrl: webhookUrl(), from: CUSTOMER, to: OUR_NUMBER, signWith: "someone-elses-token" });
    expect(api.received).toHaveLength(4);
    for (const r of api.received) {
      expect(r.headers["x-twilio-signature"]).toBeTruthy();
      expect(isSignedByTwilio(r)).toBe(false);
      expect(isSignedByTwilio(r, "someone-elses-token")).toBe(true);
    }
    api.received.length = 0;
    await fake.sendInboundCall({ webhookUrl: webhookUrl(), from: CUSTOMER, to: OUR_NUMBER, unsigned: true, voicemail: null });
    expect(api.received.every((r) => r.headers["x-twilio-signature"] === undefined)).toBe(true);
  });

  it("goes straight to the Record when the webhook answers with it, and works in auto mode too", async () => {
    const auto = new FakeTwilio({ ...creds, callbacks: "auto" });
    const receiver = await startVoiceReceiver(() => `<Response><Say>Nobody is here.</Say><Record action="/done" maxLength="5"/></Response>`);
    try {
      await auto.listen();
      const result = await auto.sendInboundCall({
        webhookUrl: `${receiver.url}/voice?n=1`,
        from: CUSTOMER,
        to: OUR_NUMBER,
        voicemail: { seconds: 12 },
      });
      expect(result.steps.map((s) => [s.kind, s.url])).toEqual([
        ["twiml", `${receiver.url}/voice?n=1`],
        ["record-action", `${receiver.url}/done`],
      ]);
      // maxLength cuts the message.
      expect(receiver.received[1].params.RecordingDuration).toBe("5");
      expect(auto.recordings[0].duration).toBe(5);
    } finally {
      await auto.close();
      await receiver.close();
    }
  });

  it("reports an unreachable webhook as a step with status 0 and ends the call", async () => {
    const result = await fake.sendInboundCall({ webhookUrl: "http://127.0.0.1:1/voice", from: CUSTOMER, to: OUR_NUMBER });
    expect(result.steps).toEqual([expect.objectContaining({ kind: "twiml", status: 0, error: expect.any(String) })]);
    expect(fake.calls.find((c) => c.sid === result.callSid)!.status).toBe("completed");
  });
});

describe("parseTwiml", () => {
  it("reads elements, attributes with entities, text, comments and CDATA", async () => {
    const { parseTwiml, textOf, elementsOf } = await import("./twiml.js");
    const doc = parseTwiml(
      `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- hi --><Response><Say voice='alice'>Tom &amp; Jerry &#233;&#x21;</Say>` +
        `<Dial action="http://a/b?x=1&amp;y=&quot;2&quot;"><Number statusCallbackEvent="initiated ringing"> +15146300808 </Number></Dial>` +
        `<Play><![CDATA[http://a/<b>]]></Play><Hangup/></Response>\n`,
    );
    expect(doc.name).toBe("Response");
    const [say, dial, play, hangup] = elementsOf(doc);
    expect([say.name, say.attributes, textOf(say)]).toEqual(["Say", { voice: "alice" }, "Tom & Jerry é!"]);
    expect(dial.attributes.action).toBe('http://a/b?x=1&y="2"');
    expect(textOf(elementsOf(dial)[0])).toBe("+15146300808");
    expect(textOf(play)).toBe("http://a/<b>");
    expect(hangup).toEqual({ name: "Hangup", attributes: {}, children: [] });
    for (const bad of ["<Response>", "<Response></Dial>", "<Response a=1/>", "<Response>a & b</Response>", "<A/><B/>", "", "text"]) {
      expect(() => parseTwiml(bad), bad).toThrow();
    }
  });
});
