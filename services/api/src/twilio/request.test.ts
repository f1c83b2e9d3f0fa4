import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../platform/embedded-database.js";
import { capturingLogger, createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";

const SEND = `mutation($input: SendSmsInput!) { sendSms(input: $input) { id status errorCode errorMessage } }`;

describe("Twilio credentials never reach the logs", () => {
  const accountSid = `AC${"7".repeat(32)}`;
  const authToken = "super-secret-auth-token-7f3a9c";
  const basic = Buffer.from(`${accountSid}:${authToken}`).toString("base64");

  describe("when Twilio cannot be reached (the SDK's network error carries its request config)", () => {
    let app: TestApp;
    const log = capturingLogger();
    beforeAll(async () => {
      const closedPort = await freePort();
      app = await startTestApp({
        file: import.meta.filename,
        logger: log.logger,
        config: { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_API_URL: `http://127.0.0.1:${closedPort}` },
      });
    });
    afterAll(() => app.close());

    it("records the failure for the agent and logs it without the token or its Basic form", async () => {
      const tenant = await createTenant("Unreachable Twilio");
      await addSmsNumber(tenant.accountId);
      const contact = await addCustomer(tenant.accountId, "+15146300808");
      const res = await app.gql(SEND, { input: { contactId: String(contact._id), body: "hello" } }, tenant.token);
      expect(res.data.sendSms).toMatchObject({ status: "FAILED", errorCode: null });
      expect(res.data.sendSms.errorMessage).toMatch(/^Twilio could not be reached/);

      const text = log.text();
      expect(text).toContain("Twilio refused an SMS");
      expect(text).toContain("ECONNREFUSED");
      expect(text).not.toContain(authToken);
      expect(text).not.toContain(basic);
    });
  });

  describe("when Twilio refuses (RestException)", () => {
    let app: TestApp;
    let twilio: TestTwilio;
    const log = capturingLogger();
    beforeAll(async () => {
      twilio = await startFakeTwilio("manual");
      app = await startTestApp({ file: import.meta.filename, twilio, logger: log.logger });
    });
    afterAll(async () => {
      await app.close();
      await twilio.close();
    });

    it("logs the refusal's code without the token or its Basic form", async () => {
      const tenant = await createTenant("Refused");
      await addSmsNumber(tenant.accountId);
      const landline = await addCustomer(tenant.accountId, "+15146310002");
      const res = await app.gql(SEND, { input: { contactId: String(landline._id), body: "hello" } }, tenant.token);
      expect(res.data.sendSms).toMatchObject({ status: "FAILED", errorCode: 21614 });
      const text = log.text();
      expect(text).toContain('"code":21614');
      const fakeBasic = Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString("base64");
      expect(text).not.toContain(twilio.authToken);
      expect(text).not.toContain(fakeBasic);
    });
  });
});
