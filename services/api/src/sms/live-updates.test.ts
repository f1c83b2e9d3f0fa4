import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, nextEvent, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { WebhookPath } from "../twilio/webhook-paths.js";

/** Subscriptions are authenticated and never cross accounts. */
describe("live updates", () => {
  let app: TestApp;
  let twilio: TestTwilio;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;
  let aNumber: string;
  let bNumber: string;

  beforeAll(async () => {
    twilio = await startFakeTwilio("manual");
    app = await startTestApp({ file: import.meta.filename, twilio });
    a = await createTenant("A");
    b = await createTenant("B");
    aNumber = await addSmsNumber(a.accountId);
    bNumber = await addSmsNumber(b.accountId);
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });

  it("never shows another account's events, even for the same customer number", async () => {
    const aContact = await addCustomer(a.accountId, "+15146300808", "Shared customer (A)");
    const bContact = await addCustomer(b.accountId, "+15146300808", "Shared customer (B)");
    const bWs = app.ws(b.token);
    const bAll = nextEvent(bWs, `subscription { smsReceived { id body } }`);
    const bInbox = nextEvent(bWs, `subscription { conversationUpdated { id } }`);
    const bTimeline = nextEvent(bWs, `subscription($c: ID!) { timelineUpdated(contactId: $c) { id } }`, { c: String(bContact._id) });
    const aWs = app.ws(a.token);
    const aAll = nextEvent(aWs, `subscription { smsReceived { body contact { id } } }`);
    const aOne = nextEvent(aWs, `subscription($c: ID!) { smsReceived(contactId: $c) { body } }`, { c: String(aContact._id) });
    await aAll.ready;

    await twilio.sendInboundSms({ webhookUrl: `${app.url}${WebhookPath.incomingSms}`, from: "+15146300808", to: aNumber, body: "for A only" });
    expect((await aAll.next()).data.smsReceived).toEqual({ body: "for A only", contact: { id: String(aContact._id) } });
    expect((await aOne.next()).data.smsReceived).toEqual({ body: "for A only" });

    // B hears its own message, and before it nothing of A's.
    await twilio.sendInboundSms({ webhookUrl: `${app.url}${WebhookPath.incomingSms}`, from: "+15146300808", to: bNumber, body: "for B" });
    expect((await bAll.next()).data.smsReceived.body).toBe("for B");
    expect(bAll.values).toHaveLength(1);
    expect(bTimeline.values.length + bInbox.values.length).toBeGreaterThan(0);
    for (const v of [...bInbox.values, ...bTimeline.values]) expect(JSON.stringify(v)).not.toContain(String(aContact._id));
  });

  it("filters smsReceived by contact", async () => {
    const one = await addCustomer(a.accountId, "+15146300811", "One");
    await addCustomer(a.accountId, "+15146300812", "Two");
    const ws = app.ws(a.token);
    const onlyOne = nextEvent(ws, `subscription($c: ID!) { smsReceived(contactId: $c) { body } }`, { c: String(one._id) });
    await onlyOne.ready;
    await twilio.sendInboundSms({ webhookUrl: `${app.url}${WebhookPath.incomingSms}`, from: "+15146300812", to: aNumber, body: "from two" });
    await twilio.sendInboundSms({ webhookUrl: `${app.url}${WebhookPath.incomingSms}`, from: "+15146300811", to: aNumber, body: "from one" });
    expect((await onlyOne.next()).data.smsReceived.body).toBe("from one");
    expect(onlyOne.values).toHaveLength(1);
  });

  it("refuses to subscribe to another account's contact with NOT_FOUND", async () => {
    const bContact = await addCustomer(b.accountId, "+15146300813", "B only");
    const ws = app.ws(a.token);
    for (const query of [
      `subscription($c: ID!) { timelineUpdated(contactId: $c) { id } }`,
      `subscription($c: ID!) { smsReceived(contactId: $c) { id } }`,
    ]) {
      const errors = await new Promise<any>((resolve) => {
        ws.subscribe({ query, variables: { c: String(bContact._id) } }, { next: resolve, error: resolve, complete: () => {} });
      });
      const list = Array.isArray(errors) ? errors : errors.errors;
      expect(list[0].extensions.code).toBe("NOT_FOUND");
    }
  });

  it("shows a sent message's progress live on its timeline", async () => {
    const contact = await addCustomer(a.accountId, "+15146300814", "Watcher");
    const ws = app.ws(a.token);
    const timeline = nextEvent(
      ws,
      `subscription($c: ID!) { timelineUpdated(contactId: $c) { id __typename ... on SmsEntry { status } ... on ConversationEventEntry { kind } } }`,
      {
        c: String(contact._id),
      },
    );
    await timeline.ready;
    const sent = await app.gql(
      `mutation($c: ID!) { sendSms(input: { contactId: $c, body: "I'll call again later" }) { id messageSid } }`,
      { c: String(contact._id) },
      a.token,
    );
    const { id, messageSid } = sent.data.sendSms;
    expect((await timeline.next()).data.timelineUpdated).toEqual({ id, __typename: "SmsEntry", status: "QUEUED" });
    // The reply assigned the unassigned conversation to the agent: a system entry on the same timeline.
    expect((await timeline.next()).data.timelineUpdated).toMatchObject({ __typename: "ConversationEventEntry", kind: "ASSIGNED" });
    await timeline.next(); // the SID recorded
    await twilio.playCallback(messageSid, "sent");
    expect((await timeline.next()).data.timelineUpdated.status).toBe("SENT");
    await twilio.playCallback(messageSid, "delivered");
    expect((await timeline.next()).data.timelineUpdated.status).toBe("DELIVERED");
  });
});
