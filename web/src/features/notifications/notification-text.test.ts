import { describe, expect, it } from "vitest";
import { notificationText } from "./notification-text";

describe("notificationText", () => {
  it("says who texted and what, cut to 140 characters", () => {
    expect(notificationText({ __typename: "SmsEntry", body: " please call me ", media: [] }, "Maria Lopez")).toEqual({
      title: "New SMS from Maria Lopez",
      body: "please call me",
    });
    const long = notificationText({ __typename: "SmsEntry", body: "x".repeat(200), media: [] }, "Maria");
    expect(long.body).toHaveLength(140);
    expect(long.body.endsWith("…")).toBe(true);
    expect(notificationText({ __typename: "SmsEntry", body: "", media: [{}] }, "Maria").body).toBe("Sent a picture or a file");
  });

  it("names a voicemail with its length and a missed call, by the contact's name or formatted number", () => {
    expect(notificationText({ __typename: "VoicemailEntry", duration: 72 }, "Maria")).toEqual({
      title: "Voicemail from Maria",
      body: "01:12 · listen to it in the conversation",
    });
    expect(notificationText({ __typename: "CallEntry" }, "+14155550123").title).toBe("Missed call from +1 415 555 0123");
  });
});
