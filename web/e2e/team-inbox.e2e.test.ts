import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentToken, ANA, conversationRow, customerTexts, display, graphql, launchBrowser, newContext, newNumber, signIn } from "./support";

const BEN = { ...ANA, email: "ben@demo.talkdesk.test", name: "Ben Carter" };

describe("the team inbox", () => {
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

  const tab = (name: string) => page.getByRole("tablist", { name: "Inbox views" }).getByRole("tab", { name: new RegExp(`^${name}`) });
  const count = async (name: string) => Number((await tab(name).locator(".inbox-tabs__count").textContent()) ?? NaN);

  it("assigns, resolves, and reopens when the customer writes again, live, with the tabs and their counts", async () => {
    const token = agentToken();
    await customerTexts(customer, "Hi, any news about my refund?");
    const row = conversationRow(page, display(customer));
    await row.waitFor();
    expect(await tab("All").getAttribute("aria-selected")).toBe("true");
    // New and nobody's yet: in Unassigned, not in Mine.
    await tab("Unassigned").click();
    await row.waitFor();
    // The counts are the API's, asked again after a change that can move them (at most twice a second): the tabs
    // come to show what the API counts now, this conversation included.
    const apiCounts = async () =>
      (
        await graphql<{ conversationCounts: { unassigned: number; mine: number } }>(
          `
            {
              conversationCounts {
                unassigned
                mine
              }
            }
          `,
          {},
          await token,
        )
      ).conversationCounts;
    const { unassigned, mine } = await apiCounts();
    await expect.poll(() => count("Unassigned")).toBe(unassigned);
    await tab("Mine").click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await count("Mine")).toBe(mine);

    await tab("Unassigned").click();
    await row.click();
    await page.getByText("Unassigned", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Assign to me" }).click();
    await page.getByText("Assigned to you").waitFor();
    // It leaves Unassigned and joins Mine, and the counts follow.
    await expect.poll(() => row.count()).toBe(0);
    await expect.poll(() => count("Unassigned")).toBe(unassigned - 1);
    await expect.poll(() => count("Mine")).toBe(mine + 1);
    await tab("Mine").click();
    await row.waitFor();
    expect(await row.locator(".assignee-chip").textContent()).toContain("Assigned to");
    // Each change is on the timeline, beside the messages.
    await page.locator(".event--system", { hasText: "took this" }).waitFor();

    await page.getByRole("button", { name: "Resolve" }).click();
    await page.getByRole("button", { name: "Reopen" }).waitFor();
    await page.locator(".event--system", { hasText: "resolved this" }).waitFor();
    await expect.poll(() => row.count()).toBe(0);
    await tab("Resolved").click();
    await row.waitFor();
    expect(await row.locator(".status-chip").textContent()).toBe("Resolved");

    // The customer writes again: the conversation reopens by itself, in every tab at once.
    await customerTexts(customer, "Still waiting, sorry!");
    await expect.poll(() => row.count()).toBe(0);
    await page.getByRole("button", { name: "Resolve" }).waitFor();
    await page.locator(".event--system", { hasText: "Reopened by the customer's message" }).waitFor();
    await tab("Mine").click();
    await row.waitFor();
    expect(await row.locator(".status-chip").count()).toBe(0);

    // Keyboard: `e` resolves (outside a text field); j / k move through the tab's conversations.
    await page.getByRole("button", { name: "Resolve" }).focus();
    await page.keyboard.press("e");
    await page.getByRole("button", { name: "Reopen" }).waitFor();
    await page.getByRole("button", { name: "Reopen" }).click();
    await page.getByRole("button", { name: "Resolve" }).waitFor();
    const other = newNumber();
    await customerTexts(other, "Me too, please");
    await tab("All").click();
    await conversationRow(page, display(other)).waitFor();
    await page.getByRole("button", { name: "Resolve" }).focus();
    await page.keyboard.press("k"); // the newer one, above
    await page.waitForURL(/\/inbox\/[^/]+$/);
    await page.getByLabel(`Message to ${display(other)}`).waitFor();
    await page.getByRole("button", { name: "Resolve" }).focus();
    await page.keyboard.press("j");
    await page.getByLabel(`Message to ${display(customer)}`).waitFor();

    // Snoozed for an hour: out of the open tabs, its time shown, back with the customer's next message.
    await page.getByLabel("Snooze").selectOption({ label: "In 1 hour" });
    await page.getByText(/Snoozed until/).waitFor();
    await expect.poll(() => row.count()).toBe(0);
    await customerTexts(customer, "Hello again");
    await row.waitFor();
    await page.getByRole("button", { name: "Resolve" }).waitFor();
  });

  it("ticks conversations and assigns or resolves them together; snoozes one until a chosen date", async () => {
    const first = newNumber();
    const second = newNumber();
    await customerTexts(first, "Is my order shipped?");
    await customerTexts(second, "Same question here");
    await page.goto("/inbox");
    await tab("Unassigned").click();
    const rows = [conversationRow(page, display(first)), conversationRow(page, display(second))];
    for (const row of rows) await row.waitFor();
    const mine = await count("Mine");
    for (const who of [first, second]) await page.getByLabel(`Select the conversation with ${display(who)}`).check();
    const bar = page.getByRole("toolbar", { name: "Selected conversations" });
    await bar.getByText("2 selected").waitFor();
    await bar.getByRole("button", { name: "Assign to me" }).click();
    // Both leave Unassigned at once, the selection is cleared, and Mine counts them.
    for (const row of rows) await expect.poll(() => row.count()).toBe(0);
    expect(await bar.count()).toBe(0);
    await expect.poll(() => count("Mine")).toBe(mine + 2);
    await tab("Mine").click();
    for (const row of rows) await row.waitFor();
    for (const who of [first, second]) await page.getByLabel(`Select the conversation with ${display(who)}`).check();
    await bar.getByRole("button", { name: "Resolve" }).click();
    for (const row of rows) await expect.poll(() => row.count()).toBe(0);
    await tab("Resolved").click();
    for (const row of rows) await row.waitFor();

    // Snooze until a date and time of the agent's choosing (the browser's time zone).
    await rows[0].click();
    await page.getByRole("button", { name: "Reopen" }).click();
    await page.getByRole("button", { name: "Resolve" }).waitFor();
    await page.getByLabel("Snooze").selectOption({ label: "A date and time…" });
    const when = new Date(Date.now() + 3 * 24 * 3600_000);
    const local = `${when.getFullYear()}-${String(when.getMonth() + 1).padStart(2, "0")}-${String(when.getDate()).padStart(2, "0")}T10:30`;
    await page.getByLabel("Snooze until").fill(local);
    await page.getByRole("button", { name: "Snooze", exact: true }).click();
    await page.getByText(/Snoozed until/).waitFor();
    expect(await page.locator(".conversation-controls__owner").textContent()).toMatch(/10:30/);
  });
});

describe("two agents in one conversation", () => {
  let browser: Browser;
  let ana: Page;
  let ben: Page;
  const customer = newNumber();

  beforeAll(async () => {
    browser = await launchBrowser();
    ana = await (await newContext(browser)).newPage();
    ben = await (await newContext(browser)).newPage();
    await signIn(ana);
    await signIn(ben, BEN);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("Ana sees Ben replying, confirms before answering over him, and both see it resolved and reopened live", async () => {
    await customerTexts(customer, "Can someone help me with my bill?");
    for (const page of [ana, ben]) {
      await conversationRow(page, display(customer)).click();
      await page.getByLabel(`Message to ${display(customer)}`).waitFor();
    }
    const anaBox = ana.getByLabel(`Message to ${display(customer)}`);
    const benBox = ben.getByLabel(`Message to ${display(customer)}`);

    // Ben types: Ana sees it within a second; Ben never sees himself.
    const typedAt = Date.now();
    await benBox.fill("Hi! Let me check");
    await ana.getByText("Ben Carter is replying…").waitFor({ timeout: 2_000 });
    expect(Date.now() - typedAt).toBeLessThan(2_000);
    expect(await ben.getByText("is replying…").count()).toBe(0);

    // He sends: the indicator goes, and Ana must confirm before sending right after him.
    await benBox.press("Enter");
    await expect.poll(() => ana.getByText("Ben Carter is replying…").count(), { timeout: 5_000 }).toBe(0);
    await ana.locator(".msg--out", { hasText: "Hi! Let me check" }).waitFor();
    let asked = "";
    ana.once("dialog", (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await anaBox.fill("I can help too");
    await anaBox.press("Enter");
    await expect.poll(() => asked).toMatch(/^Ben Carter replied \d+ s ago\. Send yours anyway\?$/);
    // Dismissed: nothing sent, the text stays.
    expect(await anaBox.inputValue()).toBe("I can help too");
    expect(await ana.locator(".msg--out", { hasText: "I can help too" }).count()).toBe(0);

    // Ben's reply made it his; Ana hands it back to him after taking it with the picker.
    const owner = (page: Page) => page.locator(".conversation-controls__owner");
    await expect.poll(() => owner(ana).textContent()).toBe("Assigned to Ben Carter");
    await ana.getByLabel("Assignee").selectOption({ label: "Ana Silva (you)" });
    await expect.poll(() => owner(ben).textContent()).toBe("Assigned to Ana Silva");
    await ana.getByLabel("Assignee").selectOption({ label: "Ben Carter" });
    await expect.poll(() => owner(ben).textContent()).toBe("Assigned to you");

    // Ben resolves; Ana's view follows; the customer writes again and it reopens for both.
    await ben.getByRole("button", { name: "Resolve" }).click();
    await ana.getByRole("button", { name: "Reopen" }).waitFor();
    await customerTexts(customer, "Thanks, one more question");
    for (const page of [ana, ben]) await page.getByRole("button", { name: "Resolve" }).waitFor();

    // Ben's reply made it his: away from the conversation, only he is told of the customer's next message.
    for (const page of [ana, ben]) {
      await page.goto("/inbox");
      await page.locator(".live-status").getByText("Live").waitFor();
    }
    await customerTexts(customer, "Are you there?");
    const toast = (page: Page) => page.getByText(`New SMS from ${display(customer)}`);
    await toast(ben).waitFor();
    await conversationRow(ana, display(customer)).filter({ hasText: "Are you there?" }).waitFor();
    expect(await toast(ana).count()).toBe(0);
  });
});
