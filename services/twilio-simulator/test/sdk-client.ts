/**
 * The real twilio SDK, for these tests to drive a FakeTwilio: every request the SDK addresses to Twilio goes to
 * `apiUrl` instead (same method, path, query, form body and Basic auth). The SDK's own HTTP client still sends it, so
 * its serialisation, auth and error handling (RestException) are what the tests exercise, and its lastResponse is
 * the fake's answer.
 */
import twilio, { type Twilio } from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";

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
