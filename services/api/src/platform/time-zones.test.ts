import { describe, expect, it } from "vitest";
import { atLocal, isTimeZone, localTime, timeZonesOfNumber } from "./time-zones.js";

describe("timeZonesOfNumber", () => {
  it("reads North American numbers by area code, and lists both zones of an area code that straddles two", () => {
    expect(timeZonesOfNumber("+14165550123")).toEqual({ country: "CA", zones: ["America/Toronto"] });
    expect(timeZonesOfNumber("+12135550123")).toEqual({ country: "US", zones: ["America/Los_Angeles"] });
    expect(timeZonesOfNumber("+15146300808").zones).toEqual(["America/Toronto"]);
    expect(timeZonesOfNumber("+18505550123").zones.sort()).toEqual(["America/Chicago", "America/New_York"]);
  });

  it("reads other countries by country (and a prefix where it says more), and knows nothing of what it cannot read", () => {
    expect(timeZonesOfNumber("+351213456789")).toEqual({ country: "PT", zones: ["Europe/Lisbon"] });
    expect(timeZonesOfNumber("+351296123456").zones).toEqual(["Atlantic/Azores"]);
    expect(timeZonesOfNumber("+351912345678").zones).toEqual(["Europe/Lisbon", "Atlantic/Azores"]); // a mobile: either
    expect(timeZonesOfNumber("+442071234567")).toEqual({ country: "GB", zones: ["Europe/London"] });
    expect(timeZonesOfNumber("not a number")).toEqual({ zones: [] });
    for (const { zones } of [timeZonesOfNumber("+14165550123"), timeZonesOfNumber("+61212345678")])
      for (const tz of zones) expect(isTimeZone(tz)).toBe(true);
  });
});

describe("localTime and atLocal", () => {
  it("reads the wall clock in a zone and finds the instant of a local time, across a DST change", () => {
    expect(localTime(new Date("2026-12-03T03:40:00Z"), "America/Toronto").hhmm).toBe("22:40");
    expect(atLocal("America/Toronto", { year: 2026, month: 12, day: 4 }, 8 * 60).toISOString()).toBe("2026-12-04T13:00:00.000Z");
    // The day DST starts in Toronto (8 March 2026): 8:00 is already EDT (UTC-4).
    expect(atLocal("America/Toronto", { year: 2026, month: 3, day: 8 }, 8 * 60).toISOString()).toBe("2026-03-08T12:00:00.000Z");
    expect(atLocal("Europe/Lisbon", { year: 2026, month: 7, day: 1 }, 8 * 60).toISOString()).toBe("2026-07-01T07:00:00.000Z");
  });
});
