import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiUrl, conversationRow, customerTexts, display, launchBrowser, newContext, newNumber, signIn, webUrl } from "./support";

describe("the composer", () => {
  let browser: Browser;
  let page: Page;
  const customer = newNumber();

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    await signIn(page);
    await customerTexts(customer, "Hi there");
    await conversationRow(page, display(customer)).click();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const box = () => page.getByLabel(`Message to ${display(customer)}`);
  const counter = async () => (await box().getAttribute("aria-describedby"))!.split(" ")[0];
  const counterText = async () => page.locator(`[id="${await counter()}"]`).innerText();

  it("counts characters and segments as Twilio does: 160 GSM-7 characters are one segment, 161 are two", async () => {
    await box().fill("a".repeat(160));
    expect(await counterText()).toBe("160 characters · 1 segment · GSM-7");
    await box().fill("a".repeat(161));
    expect(await counterText()).toBe("161 characters · 2 segments · GSM-7");
  });

  it("switches to UCS-2 with an emoji (70 a segment)", async () => {
    await box().fill(`Thanks ${"a".repeat(60)} 🙂`);
    expect(await counterText()).toContain("1 segment · UCS-2");
    await box().fill(`${"a".repeat(70)}🙂`);
    expect(await counterText()).toContain("2 segments · UCS-2");
    await box().fill(`${"a".repeat(152)}🙂`);
    expect(await counterText()).toContain("3 segments · UCS-2");
  });

  it("sends with Enter, starts a new line with Shift+Enter, and shows the message once", async () => {
    await box().fill("");
    await box().type("First line");
    await box().press("Shift+Enter");
    await box().type("second line");
    expect(await box().inputValue()).toBe("First line\nsecond line");
    await box().press("Enter");
    expect(await box().inputValue()).toBe("");
    const bubble = page.locator(".msg--out", { hasText: "second line" });
    await bubble.waitFor();
    await expect.poll(() => bubble.getAttribute("data-status"), { timeout: 15_000 }).toBe("DELIVERED");
    expect(await bubble.count()).toBe(1);
    expect(await bubble.locator(".msg__text").innerText()).toBe("First line\nsecond line");
  });

  it("renders a body as text, with only http(s) links clickable", async () => {
    await customerTexts(customer, `<img src=x onerror="window.__xss=1"> see https://example.com/a?b=1. or javascript:alert(1)`);
    const bubble = page.locator(".msg--in", { hasText: "see https://example.com" });
    await bubble.waitFor();
    expect(await bubble.locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    const links = bubble.getByRole("link");
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute("href")).toBe("https://example.com/a?b=1");
    expect(await links.first().getAttribute("rel")).toBe("noopener noreferrer");
    expect(await links.first().getAttribute("target")).toBe("_blank");
  });

  it("shows MMS media inline: pictures as thumbnails, other files as links", async () => {
    // Served by the console itself (127.0.0.1), so the browser loads a real picture.
    const picture = `${webUrl()}/icon.svg`;
    const response = await fetch(`${apiUrl()}/dev/customer-phone/sms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        from: customer,
        body: "Here is the photo and the invoice",
        media: [
          { url: picture, contentType: "image/svg+xml" },
          { url: `${apiUrl()}/healthz`, contentType: "application/pdf" },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const bubble = page.locator(".msg--in", { hasText: "Here is the photo" });
    await bubble.waitFor();
    const img = bubble.getByRole("img", { name: /Picture 1/ });
    await img.waitFor();
    expect(await img.getAttribute("src")).toBe(picture);
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    const file = bubble.getByRole("link", { name: "Attachment 2 (application/pdf)" });
    expect(await file.getAttribute("target")).toBe("_blank");
    expect(await file.getAttribute("rel")).toBe("noopener noreferrer");
  });
});
