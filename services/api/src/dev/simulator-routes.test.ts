import { simulatorCredentials } from "@talkdesk-sms/twilio-simulator";
import { describe, expect, it } from "vitest";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addSmsNumber, postSigned } from "../../test/sms-fixtures.js";
import { WebhookPath } from "../twilio/webhook-paths.js";

const CUSTOMER = "+15146300808";

/** The customer texts the account through the simulator, as the console's dev panel does. */
async function customerTexts(app: TestApp, to: string, body = "hello") {
  const res = await fetch(`${app.url}/dev/customer-phone/sms`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: CUSTOMER, to, body }),
  });
  return { status: res.status, body: (await res.json()) as { webhookStatus?: number; error?: string } };
}

describe("the simulator's Twilio credentials", () => {
  it("are random on every start in development: a webhook signed with the fixed credentials in the source is refused", async () => {
    const first = await startTestApp({ file: import.meta.filename, config: { NODE_ENV: "development" } });
    const second = await startTestApp({ file: import.meta.filename, config: { NODE_ENV: "development" } });
    try {
      const account = first.server.deps.twilioAccount;
      const fixed = simulatorCredentials();
      expect(account.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
      expect(account.authToken).toMatch(/^[0-9a-f]{64}$/);
      expect(account.authToken).not.toBe(second.server.deps.twilioAccount.authToken);
      expect(account.authToken).not.toBe(fixed.authToken);

      const { accountId } = await createTenant();
      const number = await addSmsNumber(accountId);
      const forged = { AccountSid: account.accountSid, MessageSid: `SM${"f".repeat(32)}`, From: CUSTOMER, To: number, Body: "forged" };
      expect(await postSigned(`${first.url}${WebhookPath.incomingSms}`, forged, fixed.authToken)).toEqual({
        status: 403,
        body: "Invalid or missing X-Twilio-Signature.",
      });
      // The simulator itself signs with this start's token, and the webhook takes it.
      expect(await customerTexts(first, number)).toMatchObject({ status: 200, body: { webhookStatus: 200 } });
    } finally {
      await first.close();
      await second.close();
    }
  });
});
