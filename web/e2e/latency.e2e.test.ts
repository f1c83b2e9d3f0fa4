import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiUrl, conversationRow, customerTexts, display, launchBrowser, newContext, newNumber, signIn } from "./support";

const MESSAGES = 20;

/**
 * How long a customer's SMS takes to show: from the POST that makes the simulator call the signed webhook to the
 * bubble painted in the open conversation (webhook → MongoDB → pubsub → graphql-ws → Apollo cache → React → paint).
 * Both ends are timed in the browser, on one clock.
 */
describe("webhook → bubble latency", () => {
  let browser: Browser;
  let page: Page;
  const customer = newNumber();

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    await signIn(page);
    await customerTexts(customer, "Hello");
    await conversationRow(page, display(customer)).click();
    await page
      .getByRole("log", { name: `Timeline with ${display(customer)}` })
      .locator(".msg--in", { hasText: "Hello" })
      .waitFor();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it(`is measured over ${MESSAGES} messages`, async () => {
    const samples: number[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const body = `Latency probe ${i + 1} ${Math.random().toString(36).slice(2, 8)}`;
      const ms = await page.evaluate(
        async ({ url, from, body }) => {
          const shown = () => [...document.querySelectorAll(".msg--in .msg__text")].some((el) => el.textContent === body);
          const painted = new Promise<number>((resolve) => {
            const observer = new MutationObserver(() => {
              if (!shown()) return;
              observer.disconnect();
              // The frame after the DOM change is the one that shows it.
              requestAnimationFrame(() => resolve(performance.now()));
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          });
          const start = performance.now();
          const response = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ from, body }),
          });
          if (!response.ok) throw new Error(`POST answered ${response.status}`);
          const end = await Promise.race([
            painted,
            new Promise<number>((_, reject) => setTimeout(() => reject(new Error("not shown within 10 s")), 10_000)),
          ]);
          return end - start;
        },
        { url: `${apiUrl()}/dev/customer-phone/sms`, from: customer, body },
      );
      samples.push(ms);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const median = (sorted[MESSAGES / 2 - 1] + sorted[MESSAGES / 2]) / 2;
    const p95 = sorted[Math.ceil(0.95 * MESSAGES) - 1];
    console.log(
      `webhook → bubble over ${MESSAGES} messages: median ${median.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted[MESSAGES - 1].toFixed(0)} ms`,
    );
    expect(samples).toHaveLength(MESSAGES);
    // Every message arrived exactly once.
    expect(await page.locator(".msg--in", { hasText: "Latency probe" }).count()).toBe(MESSAGES);
    // Read as they came, in the open conversation: no unread badge is left in the inbox.
    const row = conversationRow(page, display(customer));
    await expect.poll(() => row.getByLabel(/unread/).count()).toBe(0);
    // Live means well under a second on this machine; a regression to polling or refetching would show here.
    expect(median).toBeLessThan(1_000);
  });
});
