import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, nextEvent, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";

import { WebhookPath } from "../twilio/webhook-paths.js";
import { REDIS_URL, redisAnswers, skippedWithoutRedis } from "../../test/redis.js";

/**
 * Two API instances behind a load balancer share one database and Redis: an event raised on one reaches subscribers
 * connected to the other.
 */
describe.skipIf(!redisAnswers)(skippedWithoutRedis("several API replicas with Redis"), () => {
  let twilio: TestTwilio;
  let first: TestApp;
  let second: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let number: string;

  beforeAll(async () => {
    twilio = await startFakeTwilio("manual");
    first = await startTestApp({ file: import.meta.filename, twilio, config: { REDIS_URL } });
    second = await startTestApp({ file: import.meta.filename, twilio, config: { REDIS_URL } });
    expect(first.server.deps).toBeDefined();
    tenant = await createTenant("Replicas");
    number = await addSmsNumber(tenant.accountId);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await twilio?.close();
  });

  it("delivers a webhook received by instance A to a subscriber on instance B", async () => {
    const contact = await addCustomer(tenant.accountId, "+15146300808", "Across replicas");
    const onB = nextEvent(second.ws(tenant.token), `subscription { smsReceived { body contact { id } } }`);
    await onB.ready;
    const res = await twilio.sendInboundSms({
      webhookUrl: `${first.url}${WebhookPath.incomingSms}`,
      from: "+15146300808",
      to: number,
      body: "hello B",
    });
    expect(res.status).toBe(200);
    expect((await onB.next()).data.smsReceived).toEqual({ body: "hello B", contact: { id: String(contact._id) } });
  });

  it("updates a subscriber on A when B receives the status callback", async () => {
    const contact = await addCustomer(tenant.accountId, "+15146300809", "Status across replicas");
    const onA = nextEvent(first.ws(tenant.token), `subscription($c: ID!) { timelineUpdated(contactId: $c) { ... on SmsEntry { status } } }`, {
      c: String(contact._id),
    });
    await onA.ready;
    const sent = await first.gql(
      `mutation($c: ID!) { sendSms(input: { contactId: $c, body: "tracked" }) { messageSid } }`,
      { c: String(contact._id) },
      tenant.token,
    );
    const sid = sent.data.sendSms.messageSid;
    // The status callback goes to B (its StatusCallback URL is B's public URL in this test).
    const cb = twilio.pendingCallbacks(sid).find((c) => c.status === "delivered")!;
    const url = cb.url.replace(first.url, second.url);
    const { postSigned } = await import("../../test/sms-fixtures.js");
    expect((await postSigned(url, cb.params, twilio.authToken)).status).toBe(200);
    const statuses: string[] = [];
    // SMS statuses only: the reply's ASSIGNED event (a ConversationEventEntry, no status) comes on the same timeline.
    for (let i = 0; i < 4 && statuses.at(-1) !== "DELIVERED"; i++) {
      const { status } = (await onA.next()).data.timelineUpdated;
      if (status) statuses.push(status);
    }
    expect(statuses.at(-1)).toBe("DELIVERED");
  });
});
