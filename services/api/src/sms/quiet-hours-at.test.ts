import { describe, expect, it } from "vitest";
import { quietHoursAt } from "./quiet-hours.js";

describe("quietHoursAt", () => {
  it("is quiet from 21:00 to 8:00 local and says when it ends", () => {
    expect(quietHoursAt(new Date("2026-12-03T03:40:00Z"), ["America/Toronto"])).toEqual({
      timeZone: "America/Toronto",
      localTime: "22:40",
      nextAllowedAt: new Date("2026-12-03T13:00:00Z"),
    });
    expect(quietHoursAt(new Date("2026-12-03T11:59:00Z"), ["America/Toronto"])?.nextAllowedAt).toEqual(new Date("2026-12-03T13:00:00Z"));
    expect(quietHoursAt(new Date("2026-12-03T13:00:00Z"), ["America/Toronto"])).toBeNull();
    expect(quietHoursAt(new Date("2026-12-04T01:59:00Z"), ["America/Toronto"])).toBeNull(); // 20:59
  });

  it("holds in every zone the customer may be in: allowed only once it is 8:00 in the last of them", () => {
    // 8:30 in New York is 7:30 in Chicago: still quiet, until 8:00 in Chicago.
    const quiet = quietHoursAt(new Date("2026-12-03T13:30:00Z"), ["America/New_York", "America/Chicago"]);
    expect(quiet).toMatchObject({ timeZone: "America/Chicago", localTime: "07:30", nextAllowedAt: new Date("2026-12-03T14:00:00Z") });
    expect(quietHoursAt(new Date("2026-12-03T14:00:00Z"), ["America/New_York", "America/Chicago"])).toBeNull();
    expect(quietHoursAt(new Date("2026-12-03T03:00:00Z"), [])).toBeNull();
  });
});
