import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { sdkClient, withFakeTwilio, type Twilio } from "../test/sdk-client.js";
import { AGENT, ALL_EVENTS, OUR_NUMBER } from "../test/voice-fixtures.js";
import { FakeTwilio, simulatorCredentials } from "./index.js";

const creds = simulatorCredentials();

describe("FakeTwilio's Calls API, through the real SDK", () => {
  let fake: FakeTwilio;
  let fakeUrl: string;
  let client: Twilio;
  withFakeTwilio((setup) => ({ fake, url: fakeUrl, client } = setup));

  it("creates a call and answers with a queued Twilio Call resource", async () => {
    const call = await client.calls.create({
      to: AGENT,
      from: OUR_NUMBER,
      url: "https://api.example.com/hooks/voice/connect?entryId=e1",
      statusCallback: "https://api.example.com/hooks/voice/status?entryId=e1&leg=agent",
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
        url: "https://api.example.com/hooks/voice/connect?entryId=e1",
        method: "POST",
        statusCallback: "https://api.example.com/hooks/voice/status?entryId=e1&leg=agent",
        statusCallbackEvents: ALL_EVENTS,
        outcome: { kind: "answer", seconds: 0 },
        params: expect.objectContaining({ To: AGENT, From: OUR_NUMBER, StatusCallbackEvent: ALL_EVENTS }),
      }),
    ]);
    expect((await client.calls(call.sid).fetch()).status).toBe("queued");
  });

  it("refuses a wrong auth token with 20003", async () => {
    const intruder = sdkClient({ ...creds, authToken: "not-the-token", apiUrl: fakeUrl });
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
