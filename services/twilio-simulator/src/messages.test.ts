import twilio from "twilio";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sdkClient, withFakeTwilio, type Twilio } from "../test/sdk-client.js";
import { isSignedByTwilio, startReceiver } from "../test/webhook-receivers.js";
import { FakeTwilio, simulatorCredentials } from "./index.js";

const creds = simulatorCredentials();
const FROM = "+15146300808";
const TO = "+15145550123";

describe("FakeTwilio's Messages API, through the real SDK", () => {
  let fake: FakeTwilio;
  let fakeUrl: string;
  let client: Twilio;
  withFakeTwilio((setup) => ({ fake, url: fakeUrl, client } = setup));

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
    const intruder = sdkClient({ ...creds, authToken: "not-the-token", apiUrl: fakeUrl });
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
