/**
 * The real twilio SDK, for these tests to drive a FakeTwilio: every request the SDK addresses to Twilio goes to
 * `apiUrl` instead (same method, path, query, form body and Basic auth). The SDK's own HTTP client still sends it, so
 * its serialisation, auth and error handling (RestException) are what the tests exercise, and its lastResponse is
 * the fake's answer.
 */
import twilio, { type Twilio } from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";
import { afterAll, afterEach, beforeAll } from "vitest";
import { FakeTwilio, simulatorCredentials, type FakeTwilioOptions } from "../src/index.js";

export type { Twilio };

export function sdkClient({ accountSid, authToken, apiUrl }: { accountSid: string; authToken: string; apiUrl: string }): Twilio {
  const fakeBase = apiUrl.replace(/\/+$/, "");
  const httpClient = new twilio.RequestClient();
  const sendAsTheSdkDoes = httpClient.request.bind(httpClient);
  httpClient.request = <TData>(opts: RequestClient.RequestOptions<TData>) => {
    const { pathname, search } = new URL(opts.uri);
    return sendAsTheSdkDoes({ ...opts, uri: `${fakeBase}${pathname}${search}` });
  };
  return twilio(accountSid, authToken, { httpClient });
}

/**
 * For one describe block: a FakeTwilio with the simulator's credentials on its own port (manual callbacks unless
 * `options` say otherwise) and a real SDK client pointed at it, handed to `ready`; reset after each test, closed after
 * all of them.
 */
export function withFakeTwilio(
  ready: (setup: { fake: FakeTwilio; url: string; client: Twilio }) => void,
  options: Partial<FakeTwilioOptions> = {},
): void {
  let fake: FakeTwilio | undefined;
  beforeAll(async () => {
    const creds = simulatorCredentials();
    fake = new FakeTwilio({ ...creds, callbacks: "manual", ...options });
    const url = await fake.listen();
    ready({ fake, url, client: sdkClient({ ...creds, apiUrl: url }) });
  });
  afterEach(() => fake?.reset());
  afterAll(() => fake?.close());
}
