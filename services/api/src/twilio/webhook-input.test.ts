import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactModel } from "../contacts/contact.model.js";
import { EntryModel } from "../timeline/entry.model.js";
import { SmsEntryModel } from "../sms/sms-entry.model.js";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addSmsNumber, postSigned, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { WebhookPath } from "./webhook-paths.js";

const sid = (prefix: string, n: number) => `${prefix}${String(n).padStart(32, "0")}`;

describe("what Twilio's webhooks accept: every field validated and normalised, a 4xx for what is wrong, never a 5xx", () => {
  let app: TestApp;
  let twilio: TestTwilio;
  let number: string;
  let seq = 0;

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    app = await startTestApp({ file: import.meta.filename, twilio });
    const tenant = await createTenant("Webhook input");
    number = await addSmsNumber(tenant.accountId);
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });

  const sms = (fields: Record<string, string>) => {
    const params = {
      AccountSid: twilio.accountSid,
      MessageSid: sid("SM", ++seq),
      From: "+15146300808",
      To: number,
      Body: "hi",
      NumMedia: "0",
      ...fields,
    };
    return postSigned(`${app.url}${WebhookPath.incomingSms}`, params, twilio.authToken).then((r) => ({ ...r, messageSid: params.MessageSid }));
  };
  const call = (fields: Record<string, string>) =>
    postSigned(
      `${app.url}${WebhookPath.incomingCall}`,
      { AccountSid: twilio.accountSid, CallSid: sid("CA", ++seq), From: "+15146300808", To: number, ...fields },
      twilio.authToken,
    );
  const counts = async () => ({ entries: await EntryModel.countDocuments({}), contacts: await ContactModel.countDocuments({}) });

  it("refuses a blank or malformed From or To with 400 and stores nothing", async () => {
    const before = await counts();
    for (const From of ["", "   ", "\u0000", "<script>alert(1)</script>", "+1".padEnd(80, "5")]) {
      const res = await sms({ From });
      expect(res.status, JSON.stringify(From)).toBe(400);
    }
    for (const To of [" ", "\u0000\u0000", "not a number at all"]) expect((await sms({ To })).status, JSON.stringify(To)).toBe(400);
    for (const From of ["", "  ", '{"$gt":""}']) expect((await call({ From })).status, JSON.stringify(From)).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("strips NUL and other control characters, which the database cannot store, and keeps the message", async () => {
    const res = await sms({ From: "+1514630\u00000809", To: `${number}\u0000`, Body: "call\u0000 me\u0007 back\nplease\tthanks" });
    expect(res.status).toBe(200);
    const stored = await SmsEntryModel.findOne({ message_sid: res.messageSid }).lean();
    expect(stored).toMatchObject({ customer_phone_number: "+15146300809", talkdesk_phone_number: number, body: "call me back\nplease\tthanks" });
    expect((await call({ From: "+1514630\u00000810" })).status).toBe(200);
  });

  it("accepts what Twilio really sends: short codes, alphanumeric senders, anonymous callers", async () => {
    for (const From of ["72345", "ACME Corp", "anonymous", "+266696687"]) {
      const res = await sms({ From, Body: `from ${From}` });
      expect(res.status, From).toBe(200);
    }
    expect((await call({ From: "anonymous" })).status).toBe(200);
  });

  it("refuses a media URL that is not http(s)", async () => {
    const res = await sms({ NumMedia: "1", MediaUrl0: "javascript:alert(1)", MediaContentType0: "image/png" });
    expect(res).toMatchObject({ status: 400, body: "MediaUrl0 is not an http(s) URL." });
  });
});
