import mongoose, { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "../auth/auth.service.js";
import { signIn, startTestApp, type TestApp } from "../../test/helpers.js";

// The two documents of the brief (seed/talkdesk-sms-challenge.md), verbatim, plus the one field the product adds to
// phone numbers (account_id: which account owns it).
const ACCOUNT_ID = new Types.ObjectId("51f2d607fe32170009111111");
const CONTACT_ID = new Types.ObjectId("5271013b63bcc10002111111");
const LEGACY_VOICEMAIL = {
  _id: new Types.ObjectId("5271079004420e0002000086"),
  _type: "VoicemailEntry",
  account_id: ACCOUNT_ID,
  callsid: "0387a8f4-4166-11e3-b7db-cfc9217a228e",
  customer_id: CONTACT_ID,
  customer_phone_number: "+15146300808",
  duration: "38",
  record: "http://s3.amazonaws.com/recordings_2013/123.mp3",
  talkdesk_phone_number: "+16502907793",
};
const LEGACY_PHONE_NUMBER = {
  _id: new Types.ObjectId("51f2d607fe32170009111111"),
  iso_country: "US",
  phone_number: "+16502907793",
  phone_type: "local",
  prefix: "+1",
  provider: "twilio",
  rate_center: "PACIFICA",
  region: "US",
  account_id: ACCOUNT_ID,
};

describe("legacy documents", () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
    const db = mongoose.connection.db!;
    await db.collection("accounts").insertOne({ _id: ACCOUNT_ID, name: "Talkdesk", default_country: "US" });
    await db.collection("contacts").insertOne({ _id: CONTACT_ID, account_id: ACCOUNT_ID, name: "Legacy Customer", phone_numbers: ["+15146300808"] });
    await db.collection("entries").insertOne({ ...LEGACY_VOICEMAIL });
    await db.collection("phone_numbers").insertOne({ ...LEGACY_PHONE_NUMBER });
    const agent = await createAgent({ accountId: ACCOUNT_ID, email: "legacy@example.com", password: "legacy-password" });
    token = await signIn(app, agent.email, "legacy-password");
  });
  afterAll(() => app.close());

  it("reads the brief's voicemail unchanged: string duration as Int seconds, the id's time as createdAt", async () => {
    const res = await app.gql(
      `query($id: ID!) { entry(id: $id) { __typename id createdAt customerPhoneNumber talkdeskPhoneNumber contact { id name }
         ... on VoicemailEntry { duration record callsid } } }`,
      { id: "5271079004420e0002000086" },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.entry).toEqual({
      __typename: "VoicemailEntry",
      id: "5271079004420e0002000086",
      createdAt: new Types.ObjectId("5271079004420e0002000086").getTimestamp().toISOString(),
      customerPhoneNumber: "+15146300808",
      talkdeskPhoneNumber: "+16502907793",
      contact: { id: "5271013b63bcc10002111111", name: "Legacy Customer" },
      duration: 38,
      record: "http://s3.amazonaws.com/recordings_2013/123.mp3",
      callsid: "0387a8f4-4166-11e3-b7db-cfc9217a228e",
    });
    expect(res.data.entry.createdAt).toBe("2013-10-30T13:20:16.000Z");
  });

  it("lists the legacy voicemail on its contact's timeline", async () => {
    const res = await app.gql(
      `query($id: ID!) { contact(id: $id) { unreadCount smsOptedOut timeline { edges { node { id __typename } } } } }`,
      { id: String(CONTACT_ID) },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.contact).toEqual({
      unreadCount: 0,
      smsOptedOut: false,
      timeline: { edges: [{ node: { id: "5271079004420e0002000086", __typename: "VoicemailEntry" } }] },
    });
  });

  it("reads the brief's phone number with every field, as a voice number when it predates capabilities", async () => {
    const res = await app.gql(
      `{ phoneNumbers { id phoneNumber isoCountry phoneType prefix provider rateCenter region capabilities { voice sms mms } } }`,
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.phoneNumbers).toEqual([
      {
        id: "51f2d607fe32170009111111",
        phoneNumber: "+16502907793",
        isoCountry: "US",
        phoneType: "local",
        prefix: "+1",
        provider: "twilio",
        rateCenter: "PACIFICA",
        region: "US",
        capabilities: { voice: true, sms: false, mms: false },
      },
    ]);
  });

  it("never rewrites the documents it reads", async () => {
    const db = mongoose.connection.db!;
    expect(await db.collection("entries").findOne({ _id: LEGACY_VOICEMAIL._id })).toEqual(LEGACY_VOICEMAIL);
    expect(await db.collection("phone_numbers").findOne({ _id: LEGACY_PHONE_NUMBER._id })).toEqual(LEGACY_PHONE_NUMBER);
  });
});
