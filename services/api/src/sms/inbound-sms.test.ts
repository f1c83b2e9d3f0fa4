import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactModel } from "../contacts/contact.model.js";
import { ConversationModel } from "../conversations/conversation.model.js";
import type { ContactConversation } from "../conversations/conversation.service.js";
import { EntryModel } from "../timeline/entry.model.js";
import type { Deps } from "../platform/deps.js";
import { createEventBus } from "../platform/pubsub.js";
import { receiveSmsBatch, type InboundSms } from "./incoming-sms.service.js";
import { SmsEntryModel } from "./sms-entry.model.js";
import { codes, createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addCustomer, addSmsNumber, nextEvent, postSigned, startFakeTwilio, type TestTwilio } from "../../test/sms-fixtures.js";
import { WebhookPath } from "../twilio/webhook-paths.js";

const CONTACT = `query($id: ID!) { contact(id: $id) { id name phoneNumbers unreadCount smsOptedOut lastMessage { preview direction }
  timeline { edges { node { __typename ... on SmsEntry { body direction status messageSid segments encoding media { url contentType } } } } } } }`;

describe("receiving SMS through Twilio's webhook", () => {
  let app: TestApp;
  let twilio: TestTwilio;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let number: string;
  let webhookUrl: string;

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    app = await startTestApp({ file: import.meta.filename, twilio });
    tenant = await createTenant("Inbound");
    number = await addSmsNumber(tenant.accountId);
    webhookUrl = `${app.url}${WebhookPath.incomingSms}`;
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });

  const counts = async () => ({
    entries: await EntryModel.countDocuments({}),
    contacts: await ContactModel.countDocuments({}),
  });

  it("stores a text from a new customer on a new contact named by the number, answers empty TwiML, and goes live", async () => {
    const ws = app.ws(tenant.token);
    const received = nextEvent(ws, `subscription { smsReceived { body customerPhoneNumber contact { name unreadCount } } }`);
    const inbox = nextEvent(ws, `subscription { conversationUpdated { name unreadCount lastMessage { preview direction } } }`);
    await received.ready;

    const res = await twilio.sendInboundSms({ webhookUrl, from: "+15146300808", to: number, body: "please call me" });
    expect(res.status).toBe(200);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');

    const event = await received.next();
    expect(event.data.smsReceived).toEqual({
      body: "please call me",
      customerPhoneNumber: "+15146300808",
      contact: { name: "+15146300808", unreadCount: 1 },
    });
    expect((await inbox.next()).data.conversationUpdated).toEqual({
      name: "+15146300808",
      unreadCount: 1,
      lastMessage: { preview: "please call me", direction: "INBOUND" },
    });

    const contact = await ContactModel.findOne({ account_id: tenant.accountId, phone_numbers: "+15146300808" }).lean();
    const view = await app.gql(CONTACT, { id: String(contact!._id) }, tenant.token);
    expect(view.data.contact).toMatchObject({
      name: "+15146300808",
      unreadCount: 1,
      timeline: {
        edges: [
          {
            node: {
              __typename: "SmsEntry",
              body: "please call me",
              direction: "INBOUND",
              status: "RECEIVED",
              messageSid: res.messageSid,
              segments: 1,
              encoding: "GSM_7",
              media: [],
            },
          },
        ],
      },
    });
  });

  it("files a message from a known customer on their contact, and counts unread", async () => {
    const contact = await addCustomer(tenant.accountId, "+15146300900", "Maria Santos");
    for (const body of ["hello", "are you there? 😀"]) {
      expect((await twilio.sendInboundSms({ webhookUrl, from: "+1 514 630 0900", to: number, body })).status).toBe(200);
    }
    const view = await app.gql(CONTACT, { id: String(contact._id) }, tenant.token);
    expect(view.data.contact.unreadCount).toBe(2);
    expect(view.data.contact.lastMessage).toEqual({ preview: "are you there? 😀", direction: "INBOUND" });
    expect(view.data.contact.timeline.edges.map((e: any) => [e.node.body, e.node.encoding])).toEqual([
      ["are you there? 😀", "UCS_2"],
      ["hello", "GSM_7"],
    ]);
  });

  it(
    "stores a message longer than any SMS (a WhatsApp one) whole and at once, without SMS segments (found by fuzzing)",
    { timeout: 10_000 },
    async () => {
      // Counting segments of 100,000 characters took the calculator minutes, the event loop blocked all along.
      const params = {
        AccountSid: twilio.accountSid,
        MessageSid: `SM${"7".repeat(32)}`,
        From: "whatsapp:+15146300901",
        To: number,
        Body: "9".repeat(100_000),
      };
      expect((await postSigned(webhookUrl, params, twilio.authToken)).status).toBe(200);
      const stored = await SmsEntryModel.findOne({ message_sid: params.MessageSid }).lean();
      expect(stored?.body).toHaveLength(100_000);
      expect([stored?.encoding, stored?.num_segments]).toEqual([undefined, undefined]);
    },
  );

  it("counts every one of ten messages from one customer arriving at once (no lost updates)", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => twilio.sendInboundSms({ webhookUrl, from: "+15146300990", to: number, body: `burst ${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const contact = await ContactModel.findOne({ account_id: tenant.accountId, phone_numbers: "+15146300990" }).lean<ContactConversation>();
    expect(contact!.unread_count).toBe(10);
    expect(await SmsEntryModel.countDocuments({ customer_id: contact!._id })).toBe(10);
    expect(await ContactModel.countDocuments({ account_id: tenant.accountId, phone_numbers: "+15146300990" })).toBe(1);
  });

  it("keeps every MMS media item in order", async () => {
    const res = await twilio.sendInboundSms({
      webhookUrl,
      from: "+15146300901",
      to: number,
      body: "",
      media: [
        { url: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", contentType: "image/jpeg" },
        { url: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2", contentType: "application/pdf" },
      ],
    });
    expect(res.status).toBe(200);
    const entry = await SmsEntryModel.findOne({ message_sid: res.messageSid }).lean<any>();
    expect(entry.media).toEqual([
      { url: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", content_type: "image/jpeg" },
      { url: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2", content_type: "application/pdf" },
    ]);
    const contact = await ContactModel.findById(entry.customer_id).lean<ContactConversation>();
    expect(contact!.last_message!.preview).toBe("📎 2 attachments");
  });

  it("stores a webhook replayed three times, or raced five times, once", async () => {
    const before = await counts();
    const first = await twilio.sendInboundSms({ webhookUrl, from: "+15146300902", to: number, body: "only once" });
    for (let i = 0; i < 2; i++) {
      const again = await twilio.sendInboundSms({ webhookUrl, from: "+15146300902", to: number, body: "only once", messageSid: first.messageSid });
      expect(again.status).toBe(200);
    }
    const raced = await Promise.all(
      Array.from({ length: 5 }, () =>
        twilio.sendInboundSms({ webhookUrl, from: "+15146300903", to: number, body: "racing", messageSid: "SM" + "ab".repeat(16) }),
      ),
    );
    expect(raced.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await counts()).toEqual({ entries: before.entries + 2, contacts: before.contacts + 2 });
    const racer = await ContactModel.findOne({ phone_numbers: "+15146300903" }).lean<ContactConversation>();
    expect(racer!.unread_count).toBe(1);
  });

  it("stores a drained batch mixing new messages, ones stored before and twins within the batch: each once, in order", async () => {
    const events = createEventBus({});
    const deps = { pubSub: events.pubSub } as unknown as Deps;
    const sms = (n: number, from = "+15146300960"): InboundSms => ({
      messageSid: `SM${String(n).padStart(32, "0")}`,
      from,
      to: number,
      body: `batch ${n}`,
      media: [],
    });
    const [first] = await receiveSmsBatch(deps, [sms(1)]);
    expect(first).toMatchObject({ outcome: "stored" });
    const results = await receiveSmsBatch(deps, [sms(2), sms(1), sms(3), sms(2), sms(4, "+15146300961"), sms(1, "+15146300961")]);
    expect(results.map((r) => (r instanceof Error ? r.message : r.outcome))).toEqual([
      "stored",
      "duplicate",
      "stored",
      "duplicate",
      "stored",
      "duplicate",
    ]);
    // A duplicate names the entry stored first.
    const ids = results.map((r) => (r instanceof Error ? "" : String(r.entry._id)));
    expect(ids[1]).toBe(String((first as { entry: { _id: unknown } }).entry._id));
    expect(ids[3]).toBe(ids[0]);
    const stored = await SmsEntryModel.find({ message_sid: { $in: [1, 2, 3, 4].map((n) => sms(n).messageSid) } }).lean();
    expect(stored).toHaveLength(4);
    const contact = await ContactModel.findOne({ phone_numbers: "+15146300960" }).lean<ContactConversation>();
    expect(contact!.unread_count).toBe(3);
    expect(contact!.last_message!.preview).toBe("batch 3");
    await events.close();
  });

  it("refuses a forged, unsigned or re-addressed request with 403 and writes nothing", async () => {
    const before = await counts();
    const forged = await twilio.sendInboundSms({ webhookUrl, from: "+15146300904", to: number, body: "forged", signWith: "not-the-auth-token" });
    const unsigned = await twilio.sendInboundSms({ webhookUrl, from: "+15146300904", to: number, body: "unsigned", unsigned: true });
    // A genuine signature, made for another endpoint, replayed against this one.
    const twilioLib = (await import("twilio")).default;
    const params = { MessageSid: "SM" + "cd".repeat(16), AccountSid: twilio.accountSid, From: "+15146300904", To: number, Body: "tampered" };
    const tampered = await fetch(webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilioLib.getExpectedTwilioSignature(twilio.authToken, `${app.url}${WebhookPath.messageStatus}`, params),
      },
      body: new URLSearchParams(params),
    });
    expect([forged.status, unsigned.status, tampered.status]).toEqual([403, 403, 403]);
    expect(await counts()).toEqual(before);
  });

  it("validates against PUBLIC_URL, so a signature made for the public address holds behind a proxy", async () => {
    const proxied = await startTestApp({ file: import.meta.filename, twilio, config: { PUBLIC_URL: "https://sms.example.com" } });
    try {
      // Twilio signs for the public URL (https://sms.example.com, the path, ?x=1); the proxy forwards to our local port.
      const params = {
        MessageSid: "SM" + "ef".repeat(16),
        AccountSid: twilio.accountSid,
        From: "+15146300905",
        To: number,
        Body: "via proxy",
        NumMedia: "0",
      };
      const twilioLib = (await import("twilio")).default;
      const signature = twilioLib.getExpectedTwilioSignature(twilio.authToken, `https://sms.example.com${WebhookPath.incomingSms}?x=1`, params);
      const post = (url: string, sig: string) =>
        fetch(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig },
          body: new URLSearchParams(params),
        });
      expect((await post(`${proxied.url}${WebhookPath.incomingSms}?x=1`, signature)).status).toBe(200);
      // A signature for the local address the process sees is not what Twilio makes: refused.
      const local = twilioLib.getExpectedTwilioSignature(twilio.authToken, `${proxied.url}${WebhookPath.incomingSms}?x=1`, params);
      expect((await post(`${proxied.url}${WebhookPath.incomingSms}?x=1`, local)).status).toBe(403);
    } finally {
      await proxied.close();
    }
  });

  it("answers 404 for a number no account owns, 400 for a malformed request, and writes nothing", async () => {
    const before = await counts();
    const unknown = await twilio.sendInboundSms({ webhookUrl, from: "+15146300906", to: "+16509999999", body: "hello?" });
    expect(unknown.status).toBe(404);
    const noFrom = await twilio.sendInboundSms({ webhookUrl, from: "", to: number, body: "who am I" });
    expect(noFrom.status).toBe(400);
    expect(noFrom.body).toMatch(/From is missing/);
    const badSid = await twilio.sendInboundSms({ webhookUrl, from: "+15146300906", to: number, body: "x", messageSid: "not-a-sid" });
    expect(badSid.status).toBe(400);
    const otherAccount = await twilio.sendInboundSms({
      webhookUrl,
      from: "+15146300906",
      to: number,
      body: "x",
      extra: { AccountSid: `AC${"9".repeat(32)}` },
    });
    expect(otherAccount.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("opts a contact out on STOP (any case, exact word) and back in on START; the messages stay on the timeline", async () => {
    const contact = await addCustomer(tenant.accountId, "+15146300907", "Opting Out");
    const state = async () => (await app.gql(CONTACT, { id: String(contact._id) }, tenant.token)).data.contact.smsOptedOut;
    await twilio.sendInboundSms({ webhookUrl, from: "+15146300907", to: number, body: "please stop calling me" });
    expect(await state()).toBe(false);
    await twilio.sendInboundSms({ webhookUrl, from: "+15146300907", to: number, body: "  Stop " });
    expect(await state()).toBe(true);
    await twilio.sendInboundSms({ webhookUrl, from: "+15146300907", to: number, body: "help" });
    expect(await state()).toBe(true);
    await twilio.sendInboundSms({ webhookUrl, from: "+15146300907", to: number, body: "UNSTOP" });
    expect(await state()).toBe(false);
    await twilio.sendInboundSms({ webhookUrl, from: "+15146300907", to: number, body: "arrête", extra: { OptOutType: "STOP" } });
    expect(await state()).toBe(true);
    const view = await app.gql(CONTACT, { id: String(contact._id) }, tenant.token);
    expect(view.data.contact.timeline.edges).toHaveLength(5);
  });

  it("lists only contacts with a conversation in the inbox, by last activity, for the caller's account only", async () => {
    await addCustomer(tenant.accountId, "+15146300999", "Never texted");
    const inbox = async (auth: string) => {
      const names: string[] = [];
      let after: string | null = null;
      do {
        const res: any = await app.gql(
          `query($after: String) { conversations(first: 3, after: $after) { edges { node { name lastMessage { preview } } } pageInfo { hasNextPage endCursor } } }`,
          { after },
          auth,
        );
        for (const e of res.data.conversations.edges) {
          expect(e.node.lastMessage).not.toBeNull();
          names.push(e.node.name);
        }
        after = res.data.conversations.pageInfo.hasNextPage ? res.data.conversations.pageInfo.endCursor : null;
      } while (after);
      return names;
    };
    const names = await inbox(tenant.token);
    expect(names).not.toContain("Never texted");
    expect(names).toContain("Maria Santos");
    expect(new Set(names).size).toBe(names.length);
    const withMessages = await ConversationModel.countDocuments({ account_id: tenant.accountId, last_message: { $exists: true } });
    expect(names).toHaveLength(withMessages);
    const latest = await ConversationModel.findOne({ account_id: tenant.accountId, last_message: { $exists: true } })
      .sort({ last_activity_at: -1, _id: -1 })
      .lean<ContactConversation>();
    expect(names[0]).toBe(latest!.name);
    expect(await inbox((await createTenant("Empty inbox")).token)).toEqual([]);
  });

  it("resets the unread count when the agent reads the conversation, only for the caller's account", async () => {
    const contact = await ContactModel.findOne({ phone_numbers: "+15146300900" }).lean();
    const other = await createTenant("Other");
    const foreign = await app.gql(
      `mutation($id: ID!) { markConversationRead(contactId: $id) { unreadCount } }`,
      { id: String(contact!._id) },
      other.token,
    );
    expect(codes(foreign)).toEqual(["NOT_FOUND"]);
    const res = await app.gql(
      `mutation($id: ID!) { markConversationRead(contactId: $id) { unreadCount } }`,
      { id: String(contact!._id) },
      tenant.token,
    );
    expect(res.data.markConversationRead.unreadCount).toBe(0);
    expect((await ContactModel.findById(contact!._id).lean<ContactConversation>())!.unread_count).toBe(0);
  });
});
