import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { REDIS_URL, redisAnswers, skippedWithoutRedis } from "../../test/redis.js";
import { addCustomer, addSmsNumber, nextEvent, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { createAgent, startSession } from "../auth/auth.service.js";

const ACTIVITY = `subscription($c: ID!) { conversationActivity(contactId: $c) { contactId kind at expiresAt agent { name } } }`;
const TYPING = `mutation($c: ID!, $t: Boolean!) { reportTyping(contactId: $c, typing: $t) }`;

/** "Ben is replying…" across two API instances sharing Redis: Ana's console on one, Ben's on the other. */
describe.skipIf(!redisAnswers)(skippedWithoutRedis("collision: who else is replying"), () => {
  let one: TestApp;
  let two: TestApp;
  let twilio: TestTwilio;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let ben: string;
  let contactId: string;

  beforeAll(async () => {
    twilio = await startFakeTwilio("manual");
    one = await startTestApp({ file: import.meta.filename, twilio, config: { REDIS_URL } });
    two = await startTestApp({ file: import.meta.filename, twilio, config: { REDIS_URL } });
    tenant = await createTenant("Collision");
    await addSmsNumber(tenant.accountId);
    const agent = await createAgent({
      accountId: tenant.accountId,
      name: "Ben",
      email: `ben.${String(tenant.accountId)}@example.com`,
      password: "correct horse battery",
    });
    ben = (await startSession(agent, one.config.sessionSecret)).token;
    contactId = String((await addCustomer(tenant.accountId, "+15146307001", "Maria"))._id);
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
    await twilio?.close();
  });

  it("Ana sees Ben typing, stopping and sending within a second; Ben does not see himself; the reply names him", async () => {
    const ana = nextEvent(one.ws(tenant.token), ACTIVITY, { c: contactId });
    const himself = nextEvent(two.ws(ben), ACTIVITY, { c: contactId });
    await Promise.all([ana.ready, himself.ready]);

    const typedAt = Date.now();
    expect((await two.gql(TYPING, { c: contactId, t: true }, ben)).data.reportTyping).toBe(true);
    const typing = (await ana.next()).data.conversationActivity;
    expect(Date.now() - typedAt).toBeLessThan(1000);
    expect(typing).toMatchObject({ contactId, kind: "TYPING", agent: { name: "Ben" } });
    expect(new Date(typing.expiresAt).getTime() - new Date(typing.at).getTime()).toBe(5000);

    // Reports faster than once a second are one event; stopping is always told.
    await two.gql(TYPING, { c: contactId, t: true }, ben);
    await two.gql(TYPING, { c: contactId, t: false }, ben);
    expect((await ana.next()).data.conversationActivity).toMatchObject({ kind: "STOPPED_TYPING", expiresAt: null });

    const sent = await two.gql(`mutation($c: ID!) { sendSms(input: { contactId: $c, body: "On it" }) { id } }`, { c: contactId }, ben);
    expect(sent.errors).toBeUndefined();
    expect((await ana.next()).data.conversationActivity).toMatchObject({ kind: "SENT", agent: { name: "Ben" } });
    const row = await one.gql(`query($c: ID!) { contact(id: $c) { lastMessage { direction at agent { name } } } }`, { c: contactId }, tenant.token);
    expect(row.data.contact.lastMessage).toMatchObject({ direction: "OUTBOUND", agent: { name: "Ben" } });

    await new Promise((r) => setTimeout(r, 300));
    expect(himself.values).toEqual([]);
    expect(ana.values).toHaveLength(3);
    ana.stop();
    himself.stop();
  });

  it("refuses API keys (FORBIDDEN) and another account's contact (NOT_FOUND)", async () => {
    const other = await createTenant("Other");
    const theirs = String((await addCustomer(other.accountId, "+15146307002", "Not yours"))._id);
    expect(codes(await one.gql(TYPING, { c: contactId, t: true }, tenant.apiKey))).toEqual(["FORBIDDEN"]);
    expect(codes(await one.gql(TYPING, { c: theirs, t: true }, tenant.token))).toEqual(["NOT_FOUND"]);
    const refused = nextEvent(one.ws(tenant.token), ACTIVITY, { c: theirs });
    expect((await refused.next()).errors[0].extensions.code).toBe("NOT_FOUND");
  });
});
