import { FakeTwilio } from "@talkdesk-sms/twilio-simulator";
import { addPhoneNumber } from "../src/phone-numbers/phone-number.service.js";
import { createContact } from "../src/contacts/contact.service.js";
import type { Types } from "mongoose";

const TEST_TWILIO = { accountSid: `AC${"1".repeat(32)}`, authToken: "test-auth-token-0123456789abcdef" };

/** A fake Twilio on its own port, as the real SDK sees Twilio. Manual: tests play status callbacks themselves. */
export async function startFakeTwilio(callbacks: "auto" | "manual" = "manual") {
  const fake = new FakeTwilio({ ...TEST_TWILIO, callbacks, delaysMs: { sending: 20, sent: 40, delivered: 80 } });
  const url = await fake.listen();
  return Object.assign(fake, { url });
}

export type TestTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;

let numberSeq = 0;

/** An SMS-capable number for the account, unique across the test run. */
export async function addSmsNumber(accountId: Types.ObjectId, opts: { sms?: boolean; voice?: boolean } = {}) {
  const n = `+1650290${String(7000 + ++numberSeq).padStart(4, "0")}`;
  const number = await addPhoneNumber({
    accountId,
    number: n,
    capabilities: { sms: opts.sms ?? true, voice: opts.voice ?? true, mms: opts.sms ?? true },
  });
  return number.phone_number;
}

export async function addCustomer(accountId: Types.ObjectId, phone: string, name = "Customer") {
  return createContact(accountId, { name, phoneNumbers: [phone] });
}

/** Resolves on the next value of a graphql-ws subscription; rejects on its error. */
export function nextEvent<T = any>(
  client: import("graphql-ws").Client,
  query: string,
  variables: Record<string, unknown> = {},
): { next: () => Promise<T>; values: T[]; errors: unknown[]; stop: () => void; ready: Promise<void> } {
  const values: T[] = [];
  const errors: unknown[] = [];
  const waiters: ((v: T) => void)[] = [];
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        values.push(v as T);
        waiters.shift()?.(v as T);
      },
      error: (e) => errors.push(e),
      complete: () => {},
    },
  );
  let taken = 0;
  return {
    values,
    errors,
    stop: dispose,
    // graphql-ws has no "subscribed" acknowledgement: give the server a moment to register the subscription.
    ready: new Promise((r) => setTimeout(r, 150)),
    next: () =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no event within 5 s (errors: ${JSON.stringify(errors)})`)), 5000);
        const done = (v: T) => {
          clearTimeout(timer);
          resolve(v);
        };
        if (values.length > taken) done(values[taken++]);
        else
          waiters.push((v) => {
            taken++;
            done(v);
          });
      }),
  };
}

/** POSTs form parameters to a webhook signed as Twilio would sign them for `signedUrl` (default: the URL posted to). */
export async function postSigned(url: string, params: Record<string, string>, authToken: string, signedUrl = url) {
  const twilio = (await import("twilio")).default;
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(authToken, signedUrl, params),
    },
    body: new URLSearchParams(params),
  });
  return { status: res.status, body: await res.text() };
}
