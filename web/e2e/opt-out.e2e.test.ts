import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationRow, customerTexts, display, launchBrowser, newContext, newNumber, signIn } from "./support";

describe("a customer who replied STOP", () => {
  let browser: Browser;
  let page: Page;
  const customer = newNumber();

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    await signIn(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("cannot be texted until they reply START, live", async () => {
    await customerTexts(customer, "Hello, is my order ready?");
    await conversationRow(page, display(customer)).click();
    const box = page.getByLabel(`Message to ${display(customer)}`);
    await box.waitFor();
    expect(await box.isEnabled()).toBe(true);

    await customerTexts(customer, "STOP");
    // conversationUpdated brings smsOptedOut: the composer is disabled, and says why.
    await expect.poll(() => box.isDisabled()).toBe(true);
    await page.getByText(`${display(customer)} replied STOP: no SMS can be sent until they text START.`, { exact: false }).waitFor();
    expect(await page.getByRole("button", { name: "Send", exact: true }).isDisabled()).toBe(true);
    await page.getByText("Opted out of SMS").waitFor();
    expect(await box.getAttribute("aria-describedby")).toMatch(/reason/);

    await customerTexts(customer, "START");
    await expect.poll(() => box.isEnabled()).toBe(true);
    await page.getByText("SMS allowed").waitFor();
    expect(await page.getByText("replied STOP").count()).toBe(0);
    await box.fill("Welcome back! Your order is ready.");
    await box.press("Enter");
    await page.locator('.msg--out[data-status="DELIVERED"]', { hasText: "Welcome back!" }).waitFor({ timeout: 15_000 });
  });
});
