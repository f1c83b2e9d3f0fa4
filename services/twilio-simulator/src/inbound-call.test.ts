import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AGENT, CUSTOMER, OUR_NUMBER, RFC_2822 } from "../test/voice-fixtures.js";
import { isSignedByTwilio, startVoiceReceiver, type VoiceReceived } from "../test/webhook-receivers.js";
import { FakeTwilio, simulatorCredentials } from "./index.js";

const creds = simulatorCredentials();

describe("FakeTwilio.sendInboundCall", () => {
  let fake: FakeTwilio;
  let api: Awaited<ReturnType<typeof startVoiceReceiver>>;

  /** Like the API: ring the agents; if nobody answers, take a voicemail. */
  const answer = (r: VoiceReceived, base: string) => {
    switch (r.path) {
      case "/hooks/voice":
        return `<Response><Dial timeout="20" action="/hooks/voice/dial-status?entryId=in1&amp;step=dial"><Number>${AGENT}</Number><Number>+15146300101</Number></Dial></Response>`;
      case "/hooks/voice/dial-status":
        if (r.params.DialCallStatus === "completed") return "<Response><Hangup/></Response>";
        return `<Response><Say>Please leave a message after the beep.</Say><Record action="${base}/hooks/voice/recorded?entryId=in1" maxLength="120" playBeep="true" recordingStatusCallback="${base}/hooks/voice/recording?entryId=in1&amp;x=1" recordingStatusCallbackEvent="completed"/></Response>`;
      case "/hooks/voice/recorded":
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

  const webhookUrl = () => `${api.url}/hooks/voice`;

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
      ["twiml", "/hooks/voice", 200],
      ["dial-action", "/hooks/voice/dial-status?entryId=in1&step=dial", 200],
      ["record-action", "/hooks/voice/recorded?entryId=in1", 200],
      ["recording-status-callback", "/hooks/voice/recording?entryId=in1&x=1", 200],
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

describe("FakeTwilio with allowedCallbackOrigins", () => {
  let fake: FakeTwilio;
  let api: Awaited<ReturnType<typeof startVoiceReceiver>>;
  let elsewhere: Awaited<ReturnType<typeof startVoiceReceiver>>;

  beforeAll(async () => {
    elsewhere = await startVoiceReceiver(() => undefined);
    // The API's TwiML points everywhere but at itself.
    api = await startVoiceReceiver(
      () =>
        `<Response><Dial action="${elsewhere.url}/dial-status"><Number statusCallback="${elsewhere.url}/leg" statusCallbackEvent="initiated ringing answered completed">${AGENT}</Number></Dial><Redirect>${elsewhere.url}/next</Redirect></Response>`,
    );
    fake = new FakeTwilio({ ...creds, callbacks: "manual", allowedCallbackOrigins: [api.url] });
  });
  afterAll(async () => {
    await fake.close();
    await api.close();
    await elsewhere.close();
  });

  it("requests nothing on another origin: TwiML URLs elsewhere are skipped, a webhook elsewhere is never sent", async () => {
    const run = await fake.sendInboundCall({
      webhookUrl: `${api.url}/hooks/voice`,
      from: CUSTOMER,
      to: OUR_NUMBER,
      agents: { kind: "answer", seconds: 5 },
    });
    expect(run.steps.map((s) => [s.kind, s.url])).toEqual([["twiml", `${api.url}/hooks/voice`]]);
    await expect(fake.sendInboundSms({ webhookUrl: `${elsewhere.url}/sms`, from: CUSTOMER, to: OUR_NUMBER, body: "hi" })).rejects.toThrow(
      `Not requested: ${elsewhere.url}/sms is on none of the origins this simulator requests (only ${api.url})`,
    );
    expect(elsewhere.received).toEqual([]);
  });
});
