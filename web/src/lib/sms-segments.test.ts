import { SegmentedMessage } from "sms-segments-calculator";
import { beforeAll, describe, expect, it } from "vitest";
import { countSms, describeSmsCount, estimateSegments, loadSmsCalculator } from "./sms-segments";

beforeAll(() => loadSmsCalculator());

// The same counts as the API (services/api/src/sms/segments.ts uses the same package).
describe("countSms", () => {
  it("fits 160 GSM-7 characters in one segment, 161 in two", () => {
    expect(countSms("a".repeat(160))).toEqual({ characters: 160, segments: 1, encoding: "GSM-7" });
    expect(countSms("a".repeat(161))).toEqual({ characters: 161, segments: 2, encoding: "GSM-7" });
  });

  it("switches to UCS-2 with an emoji: 70 a segment, then 67", () => {
    expect(countSms("a".repeat(69) + "é")).toMatchObject({ segments: 1, encoding: "GSM-7" }); // é is GSM-7
    expect(countSms("a".repeat(68) + "🙂")).toMatchObject({ segments: 1, encoding: "UCS-2" });
    expect(countSms("a".repeat(70) + "🙂")).toMatchObject({ segments: 2, encoding: "UCS-2" });
    expect(countSms("a".repeat(152) + "🙂")).toMatchObject({ segments: 3, encoding: "UCS-2" });
  });

  it("counts an emoji as one character", () => {
    expect(countSms("🙂").characters).toBe(1);
  });

  it("is empty for an empty body", () => {
    expect(countSms("")).toEqual({ characters: 0, segments: 0, encoding: "GSM-7" });
  });
});

describe("describeSmsCount", () => {
  it("reads as the counter shows it", () => {
    expect(describeSmsCount(countSms("a".repeat(161)))).toBe("161 characters · 2 segments · GSM-7");
    expect(describeSmsCount(countSms("hi 🙂"))).toBe("4 characters · 1 segment · UCS-2");
    expect(describeSmsCount(countSms("a"))).toBe("1 character · 1 segment · GSM-7");
    expect(describeSmsCount(countSms(""))).toBe("0 characters");
  });
});

describe("estimateSegments (before the calculator has loaded)", () => {
  it("agrees with Twilio's calculator on typical messages", () => {
    const samples = [
      "please call me",
      "a".repeat(160),
      "a".repeat(161),
      "a".repeat(306),
      "a".repeat(307),
      "Price: 10€ [promo] {code} ~ok",
      "€".repeat(80),
      "€".repeat(81),
      "Thanks 🙂",
      "a".repeat(68) + "🙂",
      "a".repeat(69) + "🙂",
      "a".repeat(152) + "🙂",
      "Ça va? Ünïcödé ñ à é",
      "Привет, как дела?",
      "你好".repeat(40),
    ];
    for (const body of samples) {
      const exact = new SegmentedMessage(body);
      expect(estimateSegments(body), body).toEqual({ segments: exact.segmentsCount, encoding: exact.encodingName });
    }
  });
});
