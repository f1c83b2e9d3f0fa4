import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { simulatorCredentials } from "@talkdesk-sms/twilio-simulator";
import { createTwilioClient, rewriteTwilioUrl } from "./client.js";

const creds = simulatorCredentials();

describe("createTwilioClient", () => {
  it("sends requests for any *.twilio.com host to the given base URL, keeping path and query", () => {
    const base = "http://127.0.0.1:4000/dev/twilio/";
    expect(rewriteTwilioUrl("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=2", base)).toBe(
      "http://127.0.0.1:4000/dev/twilio/2010-04-01/Accounts/AC1/Messages.json?PageSize=2",
    );
    expect(rewriteTwilioUrl("https://messaging.twilio.com/v1/Services", base)).toBe("http://127.0.0.1:4000/dev/twilio/v1/Services");
    expect(rewriteTwilioUrl("https://api.dublin.ie1.twilio.com/2010-04-01/Accounts.json", base)).toBe(
      "http://127.0.0.1:4000/dev/twilio/2010-04-01/Accounts.json",
    );
    expect(rewriteTwilioUrl("https://example.com/media/1.png", base)).toBe("https://example.com/media/1.png");
  });

  it("leaves the SDK's own HTTP client alone without an apiUrl", () => {
    const client = createTwilioClient(creds);
    expect(client.httpClient.constructor).toBe(twilio.RequestClient);
    expect(client.accountSid).toBe(creds.accountSid);
  });
});
