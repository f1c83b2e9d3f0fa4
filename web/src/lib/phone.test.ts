import { describe, expect, it } from "vitest";
import { formatPhoneNumber, isSameNumber, looksLikePhoneNumber } from "./phone";

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
