import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addSmsNumber, nextEvent, postSigned, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { AgentModel } from "../auth/agent.model.js";
import { addPhoneNumber } from "../phone-numbers/phone-number.service.js";
import { WebhookPath } from "../twilio/webhook-paths.js";

/**
 * inboundActivity through the real server and the fake Twilio: what the console's notifications follow. An inbound
 * SMS, a missed inbound call and its voicemail each arrive once, replayed webhooks included; an answered call and an
 * agent's own reply are not announced.
 */

const ACTIVITY = `subscription { inboundActivity { __typename id contact { id }
  ... on SmsEntry { body direction } ... on CallEntry { status } ... on VoicemailEntry { duration } } }`;

type Activity = { data: { inboundActivity: { __typename: string; id: string; body?: string; status?: string; duration?: number } } };

describe("inboundActivity", () => {
  let app: TestApp;
  let twilio: TestTwilio;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let smsNumber: string;
  let voiceNumber: string;

  beforeAll(async () => {
    twilio = await startFakeTwilio("manual");
    app = await startTestApp({ file: import.meta.filename, twilio });
    tenant = await createTenant("Activity");
    await AgentModel.updateOne({ _id: tenant.agent._id }, { $set: { phone: "+15146300100" } });
    smsNumber = await addSmsNumber(tenant.accountId);
    voiceNumber = (await addPhoneNumber({ accountId: tenant.accountId, number: "+16502907793", capabilities: { voice: true } })).phone_number;
  });
  afterAll(async () => {
    await app?.close();
    await twilio?.close();
  });

  /** The events delivered while `during` runs (and a moment after, for any late duplicate). */
  async function activityDuring(during: () => Promise<void>): Promise<Activity["data"]["inboundActivity"][]> {
    const client = app.ws(tenant.token);
    const sub = nextEvent<Activity>(client, ACTIVITY);
    await sub.ready;
    await during();
    await new Promise((r) => setTimeout(r, 500));
    sub.stop();
    await client.dispose();
    expect(sub.errors).toEqual([]);
    return sub.values.map((v) => v.data.inboundActivity);
  }

  it("announces an inbound SMS once, however often Twilio delivers it", async () => {
    const params = {
      AccountSid: twilio.accountSid,
      MessageSid: `SM${randomBytes(16).toString("hex")}`,
      From: "+15146310001",
      To: smsNumber,
      Body: "please call me",
    };
    const seen = await activityDuring(async () => {
      for (let i = 0; i < 3; i++) expect((await postSigned(`${app.url}${WebhookPath.incomingSms}`, params, twilio.authToken)).status).toBe(200);
    });
    expect(seen).toEqual([expect.objectContaining({ __typename: "SmsEntry", body: "please call me", direction: "INBOUND" })]);
  });

  it("announces a missed inbound call and then its voicemail, once each when the webhooks are replayed", async () => {
    const seen = await activityDuring(async () => {
      const result = await twilio.sendInboundCall({
        webhookUrl: `${app.url}${WebhookPath.incomingCall}`,
        from: "+15146310002",
        to: voiceNumber,
        agents: { kind: "no-answer" },
        voicemail: { seconds: 9 },
      });
      for (const step of result.steps) await postSigned(step.url, step.params, twilio.authToken);
    });
    expect(seen.map((a) => [a.__typename, a.status ?? a.duration])).toEqual([
      ["CallEntry", "NO_ANSWER"],
      ["VoicemailEntry", 9],
    ]);
  });

  it("says nothing of an answered call", async () => {
    const seen = await activityDuring(async () => {
      await twilio.sendInboundCall({
        webhookUrl: `${app.url}${WebhookPath.incomingCall}`,
        from: "+15146310003",
        to: voiceNumber,
        agents: { kind: "answer", seconds: 20 },
      });
    });
    expect(seen).toEqual([]);
  });
});
