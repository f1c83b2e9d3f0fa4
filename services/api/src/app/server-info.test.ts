import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers.js";
import { startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";

describe("serverInfo and the built-in simulator", () => {
  let simulated: TestApp;
  let real: TestApp;
  let twilio: TestTwilio;

  beforeAll(async () => {
    simulated = await startTestApp({ file: import.meta.filename });
    twilio = await startFakeTwilio();
    real = await startTestApp({ file: import.meta.filename, twilio });
  });
  afterAll(async () => {
    await simulated.close();
    await real.close();
    await twilio.close();
  });

  it("tells anyone whether the simulator runs, and mounts the customer phone only then", async () => {
    expect((await simulated.gql(`{ serverInfo { simulator } }`)).data).toEqual({ serverInfo: { simulator: true } });
    expect((await real.gql(`{ serverInfo { simulator } }`)).data).toEqual({ serverInfo: { simulator: false } });
    expect((await fetch(`${simulated.url}/dev/customer-phone/messages?number=%2B15146300808`)).status).toBe(200);
    expect((await fetch(`${real.url}/dev/customer-phone/messages?number=%2B15146300808`)).status).toBe(404);
    expect((await fetch(`${real.url}/dev/twilio/2010-04-01/Accounts/AC1/Messages.json`, { method: "POST" })).status).toBe(404);
  });

  it("refuses a malformed customer-phone request with a sentence", async () => {
    const res = await fetch(`${simulated.url}/dev/customer-phone/sms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: "not a number", body: "hi" }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: `"from" must be the customer's phone number, e.g. +15146300808.` });
  });
});
