import twilio, { type Twilio } from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";

export type { Twilio };

/**
 * The Twilio SDK client. With `apiUrl`, every request the SDK would send to `https://*.twilio.com` goes to `apiUrl`
 * instead (same method, path, query, form body and Basic auth), so the real SDK can talk to the built-in simulator
 * (`/dev/twilio`), a test's FakeTwilio or a contract mock: no Twilio host is needed, yet the SDK's own serialisation,
 * auth and error handling (RestException) are what runs.
 */
export function createTwilioClient(opts: { accountSid: string; authToken: string; apiUrl?: string }): Twilio {
  if (!opts.apiUrl) return twilio(opts.accountSid, opts.authToken);
  return twilio(opts.accountSid, opts.authToken, { httpClient: new BaseUrlRequestClient(opts.apiUrl) });
}

/**
 * `https://api.twilio.com/2010-04-01/...?x=1` → `${apiUrl}/2010-04-01/...?x=1`. Any `*.twilio.com` host (messaging,
 * voice, edge/region hosts such as api.dublin.ie1.twilio.com) maps to the same base: one fake serves them all by path.
 * Other hosts are left alone.
 */
export function rewriteTwilioUrl(uri: string, apiUrl: string): string {
  const url = new URL(uri);
  const host = url.hostname.toLowerCase();
  if (host !== "twilio.com" && !host.endsWith(".twilio.com")) return uri;
  return `${apiUrl.replace(/\/+$/, "")}${url.pathname}${url.search}`;
}

/**
 * The SDK's own RequestClient (axios, keep-alive, Basic auth from the client's credentials) with one change: the URI.
 * Rewriting here, after the SDK has applied edge/region to the hostname, keeps everything else exactly as the SDK does it.
 */
class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly apiUrl: string;

  constructor(apiUrl: string) {
    super();
    this.apiUrl = apiUrl;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: rewriteTwilioUrl(opts.uri, this.apiUrl) });
  }
}
