import twilio from "twilio";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sdkClient, type Twilio } from "../test/sdk-client.js";
import { AGENT, ALL_EVENTS, clickToCallTwiml, CUSTOMER, OUR_NUMBER, RFC_2822 } from "../test/voice-fixtures.js";
import { isSignedByTwilio, startVoiceReceiver, type VoiceReceived } from "../test/webhook-receivers.js";
import { FakeTwilio, simulatorCredentials } from "./index.js";

const creds = simulatorCredentials();

describe("FakeTwilio click-to-call in manual mode (runCall)", () => {
  let fake: FakeTwilio;
  let client: Twilio;
  let api: Awaited<ReturnType<typeof startVoiceReceiver>>;

  beforeAll(async () => {
    api = await startVoiceReceiver((r, base) => {
      if (r.path === "/hooks/voice/connect") return clickToCallTwiml(base, r.query.entryId, { action: r.query.noAction !== "1" });
      if (r.path === "/hooks/voice/dial-status") return "<Response><Hangup/></Response>";
      return undefined;
    });
    fake = new FakeTwilio({ ...creds, callbacks: "manual" });
    client = sdkClient({ ...creds, apiUrl: await fake.listen() });
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
      url: `${api.url}/hooks/voice/connect?entryId=${entryId}${extra.noAction ? "&noAction=1" : ""}`,
      statusCallback: `${api.url}/hooks/voice/status?entryId=${entryId}&leg=agent`,
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
        url: `${api.url}/hooks/voice/status?entryId=e1&leg=agent`,
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
      expect(r.url).toBe(`${api.url}/hooks/voice/status?entryId=e1&leg=agent`);
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
    expect(connect.url).toBe(`${api.url}/hooks/voice/connect?entryId=e1`);
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
      expect(r.url).toBe(`${api.url}/hooks/voice/status?entryId=e1&leg=customer`);
      expect(r.params).toMatchObject({ CallSid: childSid, ParentCallSid: call.sid, Direction: "outbound-dial", From: OUR_NUMBER, To: CUSTOMER });
    }
    expect(customerLeg.map((r) => r.params.SequenceNumber)).toEqual(["0", "1", "2", "3"]);
    expect(customerLeg[3].params).toMatchObject({ CallDuration: "42", Duration: "1" });

    const action = api.received.find((r) => r.path.endsWith("/dial-status"))!;
    expect(action.url).toBe(`${api.url}/hooks/voice/dial-status?entryId=e1`);
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
      url: `${api.url}/hooks/voice/connect?entryId=e2`,
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
      url: `${api.url}/hooks/voice/broken`,
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
      url: `${api.url}/hooks/voice/connect?entryId=g1`,
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
      if (r.path === "/hooks/voice/connect") return clickToCallTwiml(base, r.query.entryId);
      if (r.path === "/hooks/voice/dial-status") return "<Response><Hangup/></Response>";
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
      url: `${api.url}/hooks/voice/connect?entryId=${entryId}`,
      statusCallback: `${api.url}/hooks/voice/status?entryId=${entryId}&leg=agent`,
      statusCallbackEvent: ALL_EVENTS,
    });
  const trace = (entryId: string) =>
    api.received.filter((r) => r.query.entryId === entryId).map((r) => `${r.query.leg ?? r.path.split("/").at(-1)} ${r.params.CallStatus}`);

  it("plays a whole answered call by itself, in order, within a few seconds (default timings)", async () => {
    const fake = new FakeTwilio({ ...creds, callbacks: "auto" });
    const client = sdkClient({ ...creds, apiUrl: await fake.listen() });
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
      // 8 s of default talk at 100 ms per simulated second, plus the rings: about 3 s (slack for a shared machine).
      expect(elapsed).toBeLessThan(5500);
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
    const client = sdkClient({ ...creds, apiUrl: await fake.listen() });
    try {
      fake.setCallOutcome(CUSTOMER, { kind: "answer", seconds: 30 });
      const started = Date.now();
      await create(client, "fast");
      const missed = await create(client, "missed", "+15146310000");
      await vi.waitFor(() => {
        expect(trace("fast")).toHaveLength(10);
        expect(trace("missed")).toHaveLength(3);
      });
      // 30 simulated seconds at 1 ms each, not the default 100 ms (which would take 3 s and more).
      expect(Date.now() - started).toBeLessThan(2000);
      expect(trace("missed")).toEqual(["agent initiated", "agent ringing", "agent no-answer"]);
      expect(api.received.filter((r) => r.query.entryId === "fast").at(-1)!.params.CallDuration).toBe("30");
      expect((await client.calls(missed.sid).fetch()).status).toBe("no-answer");
    } finally {
      await fake.close();
    }
  });

  it("stops a call's flow on close", async () => {
    const fake = new FakeTwilio({ ...creds, callbacks: "auto", callDelaysMs: { initiated: 100 } });
    const client = sdkClient({ ...creds, apiUrl: await fake.listen() });
    const call = await create(client, "closed");
    await fake.close();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(trace("closed")).toEqual([]);
    expect(fake.pendingCallbacks(call.sid).map((c) => c.status)).toEqual(["initiated", "ringing", "in-progress", "completed"]);
  });
});
