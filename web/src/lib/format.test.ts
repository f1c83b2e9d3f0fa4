import { describe, expect, it } from "vitest";
import { customerClock, dayLabel, formatCount, formatDuration, formatTimestamp, formatWhen, humanize, safeHttpUrl, toWebSocketUrl } from "./format";

describe("formatDuration", () => {
  it("writes seconds as mm:ss", () => {
    expect(formatDuration(0)).toBe("00:00");
    expect(formatDuration(7)).toBe("00:07");
    expect(formatDuration(65)).toBe("01:05");
    expect(formatDuration(599.6)).toBe("10:00");
    expect(formatDuration(3599)).toBe("59:59");
  });

  it("adds hours from one hour", () => {
    expect(formatDuration(3600)).toBe("1:00:00");
    expect(formatDuration(3 * 3600 + 62)).toBe("3:01:02");
  });

  it("shows a dash when the duration is unknown", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
    expect(formatDuration(-1)).toBe("—");
  });
});

describe("formatTimestamp", () => {
  const now = new Date("2026-03-10T15:00:00Z");
  const opts = { now, locale: "en-US", timeZone: "America/New_York" };

  it("shows only the time today, in the given time zone", () => {
    expect(formatTimestamp("2026-03-10T13:05:00Z", opts)).toBe("9:05 AM");
  });

  it("treats a time that is yesterday in the time zone as another day", () => {
    // 03:00Z on the 10th is still the 9th in New York.
    expect(formatTimestamp("2026-03-10T03:00:00Z", opts)).toBe("Mar 9, 11:00 PM");
  });

  it("shows the year for older dates", () => {
    expect(formatTimestamp("2024-12-31T18:00:00Z", opts)).toBe("Dec 31, 2024");
  });

  it("returns an unparsable value as is", () => {
    expect(formatTimestamp("not a date", opts)).toBe("not a date");
  });
});

describe("humanize", () => {
  it("turns enum values into words", () => {
    expect(humanize("NO_ANSWER")).toBe("No answer");
    expect(humanize("COMPLETED")).toBe("Completed");
    expect(humanize(null)).toBe("");
  });
});

describe("safeHttpUrl", () => {
  it("keeps http(s) URLs only", () => {
    expect(safeHttpUrl("https://api.twilio.com/rec/RE1.mp3")).toBe("https://api.twilio.com/rec/RE1.mp3");
    expect(safeHttpUrl("javascript:alert(1)")).toBeNull();
    expect(safeHttpUrl("data:audio/mp3;base64,AAAA")).toBeNull();
    expect(safeHttpUrl("/relative.mp3")).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});

describe("toWebSocketUrl", () => {
  it("maps http to ws and https to wss", () => {
    expect(toWebSocketUrl("http://localhost:4000/graphql")).toBe("ws://localhost:4000/graphql");
    expect(toWebSocketUrl("https://api.example.com/graphql")).toBe("wss://api.example.com/graphql");
  });

  it("resolves a relative endpoint against the page", () => {
    expect(toWebSocketUrl("/graphql", "https://console.example.com/contacts/1")).toBe("wss://console.example.com/graphql");
  });
});

describe("dayLabel", () => {
  const now = new Date("2026-03-10T15:00:00Z");
  const opts = { now, locale: "en-US", timeZone: "America/New_York" };
  it("names today and yesterday, then the date", () => {
    expect(dayLabel("2026-03-10T13:00:00Z", opts)).toBe("Today");
    expect(dayLabel("2026-03-10T03:00:00Z", opts)).toBe("Yesterday"); // the 9th in New York
    expect(dayLabel("2026-03-02T15:00:00Z", opts)).toBe("Mon, Mar 2");
    expect(dayLabel("2025-12-31T15:00:00Z", opts)).toBe("Dec 31, 2025");
  });
});

describe("formatCount", () => {
  it("writes a count as it is below the cap, and cap-1+ from the cap on", () => {
    expect(formatCount(0, 1000)).toBe("0");
    expect(formatCount(999, 1000)).toBe("999");
    expect(formatCount(1000, 1000)).toBe("999+");
  });
});

describe("formatWhen and customerClock", () => {
  it("says when a scheduled message goes, and the customer's time where it differs", () => {
    const iso = "2026-12-04T14:00:00Z";
    expect(formatWhen(iso, { locale: "en-US", timeZone: "America/Toronto" })).toBe("Fri, Dec 4, 9:00 AM");
    expect(customerClock(iso, "America/Los_Angeles", { locale: "en-US", timeZone: "America/Toronto" })).toBe("6:00 AM");
    expect(customerClock(iso, "America/New_York", { locale: "en-US", timeZone: "America/Toronto" })).toBeNull();
    expect(customerClock(iso, null, { locale: "en-US", timeZone: "America/Toronto" })).toBeNull();
    expect(customerClock(iso, "Mars/Olympus", { locale: "en-US", timeZone: "America/Toronto" })).toBeNull();
  });
});
