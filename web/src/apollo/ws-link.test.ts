import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./ws-link";

describe("retryDelayMs", () => {
  it("backs off quickly to a 5 s ceiling, so the console is back soon after the API", () => {
    expect(retryDelayMs(0, 0)).toBe(500);
    expect(retryDelayMs(1, 0)).toBe(1000);
    expect(retryDelayMs(3, 0)).toBe(4000);
    expect(retryDelayMs(10, 0)).toBe(5000);
    expect(retryDelayMs(50, 0.999)).toBeLessThan(5500);
  });
});
