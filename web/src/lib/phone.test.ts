import { describe, expect, it } from "vitest";
import { newUuid } from "./ids";
import { formatPhoneNumber, isSameNumber, looksLikePhoneNumber } from "./phone";
import { retryDelayMs } from "./apollo";

describe("isSameNumber", () => {
  it("matches a number typed in any format", () => {
    expect(isSameNumber("+1 (514) 630-0808", "+15146300808")).toBe(true);
    expect(isSameNumber("(514) 630-0808", "+15146300808")).toBe(true);
    expect(isSameNumber("514.630.0808", "+15146300808")).toBe(true);
    expect(isSameNumber("020 7946 0958", "+442079460958")).toBe(true);
  });

  it("does not match a part of a number", () => {
    expect(isSameNumber("630-0808", "+15146300808")).toBe(false);
    expect(isSameNumber("514", "+15146300808")).toBe(false);
    expect(isSameNumber("+1 514 630 0809", "+15146300808")).toBe(false);
  });
});

describe("looksLikePhoneNumber", () => {
  it("wants 7 to 15 digits and phone punctuation only", () => {
    expect(looksLikePhoneNumber("(514) 630-0808")).toBe(true);
    expect(looksLikePhoneNumber("+44 20 7946 0958")).toBe(true);
    expect(looksLikePhoneNumber("514")).toBe(false);
    expect(looksLikePhoneNumber("Ana Silva")).toBe(false);
  });
});

describe("formatPhoneNumber", () => {
  it("spaces North American numbers and leaves others as stored", () => {
    expect(formatPhoneNumber("+15146300808")).toBe("+1 514 630 0808");
    expect(formatPhoneNumber("+442079460958")).toBe("+442079460958");
  });
});

describe("newUuid", () => {
  it("makes a fresh v4 UUID each time", () => {
    const a = newUuid();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newUuid()).not.toBe(a);
  });
});

describe("retryDelayMs", () => {
  it("backs off quickly to a 5 s ceiling, so the console is back soon after the API", () => {
    expect(retryDelayMs(0, 0)).toBe(500);
    expect(retryDelayMs(1, 0)).toBe(1000);
    expect(retryDelayMs(3, 0)).toBe(4000);
    expect(retryDelayMs(10, 0)).toBe(5000);
    expect(retryDelayMs(50, 0.999)).toBeLessThan(5500);
  });
});
