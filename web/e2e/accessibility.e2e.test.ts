import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationRow, customerTexts, display, launchBrowser, newContext, newNumber, PHONE, signIn } from "./support";

/** axe-core on the main screens: no serious or critical violation (WCAG 2.1 A/AA rules and best practices). */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

describe("accessibility", () => {
  let browser: Browser;
  const customer = newNumber();

  beforeAll(async () => {
    browser = await launchBrowser();
    await customerTexts(customer, "Hi, can you check my bill? https://example.com/bill/123");
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const [label, viewport] of [
    ["desktop", undefined],
    ["phone", PHONE],
  ] as const) {
    it(`has no serious or critical violations on sign-in, inbox, contact, /sms, contacts and canned replies (${label})`, async () => {
      const page = await (await newContext(browser, viewport)).newPage();
      await page.goto("/login");
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await signIn(page);
      await page.getByRole("list", { name: "Conversations" }).getByText(display(customer)).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      // With a conversation ticked: the bulk actions' bar.
      await page.getByLabel(`Select the conversation with ${display(customer)}`).check();
      await page.getByRole("toolbar", { name: "Selected conversations" }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByLabel(`Select the conversation with ${display(customer)}`).uncheck();

      await conversationRow(page, display(customer)).click();
      await page
        .getByRole("log", { name: `Timeline with ${display(customer)}` })
        .locator(".msg--in")
        .first()
        .waitFor();
      await page.getByLabel(`Message to ${display(customer)}`).fill("Checking it now 🙂");
      await page.getByRole("button", { name: "Canned replies" }).click();
      // The snooze's own date and time, open.
      await page.getByLabel("Snooze").selectOption({ label: "A date and time…" });
      await page.getByLabel("Snooze until").waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      // The canned replies a slash opens in the message box.
      await page.getByLabel(`Message to ${display(customer)}`).fill("/");
      await page.getByRole("listbox", { name: "Canned replies matching /" }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await page.goto("/sms");
      await page.getByLabel("Phone number").fill(customer);
      await page.getByText(/Conversation with/).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await page.goto("/contacts");
      await page.getByRole("heading", { name: "Contacts" }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      // The team's canned replies, with the form to add one open.
      await page.goto("/settings/canned-replies");
      await page.getByRole("button", { name: "New canned reply" }).click();
      await page.getByRole("form", { name: "New canned reply" }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    });
  }
});
