import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agentToken,
  conversationRow,
  customerCalls,
  customerTexts,
  graphql,
  launchBrowser,
  newContext,
  PHONE,
  screenshot,
  setCallOutcome,
  signIn,
} from "./support";

interface SeededContact {
  id: string;
  name: string;
  phoneNumbers: string[];
}

/**
 * The main screens with realistic content, as an agent sees them at 1280×800 and on a 390×844 phone. Saved under
 * docs/screenshots with SCREENSHOTS=1; otherwise this still checks that each screen renders what it should.
 */
describe("the console's main screens", () => {
  let browser: Browser;
  let page: Page;
  let people: SeededContact[];

  beforeAll(async () => {
    browser = await launchBrowser();
    const token = await agentToken();
    const data = await graphql<{ contacts: { edges: { node: SeededContact }[] } }>(
      `
        {
          contacts(first: 30) {
            edges {
              node {
                id
                name
                phoneNumbers
              }
            }
          }
        }
      `,
      {},
      token,
    );
    people = data.contacts.edges.map((e) => e.node).filter((c) => c.phoneNumbers.length > 0 && c.name !== c.phoneNumbers[0]);
    expect(people.length).toBeGreaterThanOrEqual(4);
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Closes the notifications on screen (they would close by themselves after a few seconds). */
  async function dismissToasts(p: Page) {
    const close = p.getByRole("button", { name: "Dismiss notification" });
    while ((await close.count()) > 0) await close.first().click();
  }

  async function openConversation(p: Page, name: string) {
    await conversationRow(p, name).click();
    await p.getByRole("heading", { level: 1, name }).waitFor();
  }

  it("sign-in", async () => {
    const context = await newContext(browser);
    page = await context.newPage();
    await page.goto("/login");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await screenshot(page, "sign-in");
    await signIn(page);
  });

  it("inbox, contacts, and a conversation with SMS, calls and a voicemail", async () => {
    const [main, second, third, fourth] = people;
    await customerTexts(second.phoneNumbers[0], "Thanks, the replacement arrived today 👍");
    await customerTexts(third.phoneNumbers[0], "Is my appointment still on for Friday at 10?");
    await customerTexts(main.phoneNumbers[0], "Hi, my router still blinks red after the reset. Could someone call me?");
    await page.getByRole("list", { name: "Conversations" }).getByText("router still blinks red").waitFor();

    await openConversation(page, main.name);
    await page.getByLabel(`Message to ${main.name}`).fill("Hi! I'm looking at your line now. Let me call you in a minute.");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    const log = page.getByRole("log", { name: `Timeline with ${main.name}` });
    await log.locator('.msg--out[data-status="DELIVERED"]').last().waitFor();

    await setCallOutcome(main.phoneNumbers[0], "no-answer");
    await page.getByRole("button", { name: "Call", exact: true }).click();
    await log.locator('.event--call[data-call-status="NO_ANSWER"]').waitFor({ timeout: 20_000 });
    // The customer calls back while every agent is busy, and leaves a voicemail.
    await customerCalls(main.phoneNumbers[0], 14);
    await log.locator(".event--voicemail audio").waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Canned replies" }).click();
    await page.getByRole("button", { name: /^Call back later\s*\/callback/ }).click();
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await log.locator('.msg--out[data-status="DELIVERED"]', { hasText: "I'll call you back later" }).waitFor();
    await customerTexts(main.phoneNumbers[0], "OK, I'm free after 3pm. Details: https://status.example.com/outage/4521");
    await log.locator(".msg--in", { hasText: "free after 3pm" }).waitFor();
    await dismissToasts(page);
    await customerTexts(fourth.phoneNumbers[0], "please call me");
    await page
      .getByRole("status")
      .filter({ hasText: `New SMS from ${fourth.name}` })
      .waitFor();
    await screenshot(page, "contact-timeline");

    // The composer's counter switches to UCS-2 with an emoji.
    await dismissToasts(page);
    const box = page.getByLabel(`Message to ${main.name}`);
    await box.fill("Great, talk to you at 3pm 🙂 If the light is still red, unplug the router for 30 seconds first.");
    await page.getByText("2 segments · UCS-2").waitFor();
    await screenshot(page, "composer-counter");
    await box.fill("");

    await page.goto("/inbox");
    await page.getByRole("list", { name: "Conversations" }).getByText("please call me").waitFor();
    await dismissToasts(page);
    await screenshot(page, "inbox");
    // Two conversations ticked: the bulk actions.
    const checks = page.getByRole("list", { name: "Conversations" }).getByRole("checkbox");
    for (const i of [0, 1]) await checks.nth(i).check();
    await page.getByRole("toolbar", { name: "Selected conversations" }).waitFor();
    await screenshot(page, "inbox-bulk");
    await page.getByRole("button", { name: "Clear the selection" }).click();

    await page.goto("/settings/canned-replies");
    await page.getByText("/later").first().waitFor();
    await screenshot(page, "canned-replies");

    await page.goto("/contacts");
    await page.getByRole("searchbox", { name: "Search contacts" }).fill("(514) 630");
    await page.locator(".contact-rows > li").nth(4).waitFor();
    await screenshot(page, "contacts-search");
  });

  it("the customer phone panel", async () => {
    const [main] = people;
    await page.goto("/inbox");
    await openConversation(page, main.name);
    await page.getByRole("button", { name: /Customer phone/ }).click();
    const panel = page.getByRole("complementary", { name: /Customer phone/ });
    await panel.getByLabel("Customer's number").fill(main.phoneNumbers[0]);
    await panel.getByText("I'll call you back later").waitFor();
    await screenshot(page, "customer-phone-panel");

    // Its controls work: the customer texts the account, chooses how they answer, and calls.
    await panel.getByLabel("Message").fill("Sent from the customer phone panel");
    await panel.getByRole("button", { name: "Send SMS as the customer" }).click();
    await panel.getByText("Sent to the account through the signed webhook.").waitFor();
    const log = page.getByRole("log", { name: `Timeline with ${main.name}` });
    await log.locator(".msg--in", { hasText: "Sent from the customer phone panel" }).waitFor();
    await panel.getByLabel("Answers", { exact: true }).check();
    await panel.getByRole("button", { name: "Set how the customer answers" }).click();
    await panel.getByText("Saved: the next calls to this number go that way.").waitFor();
    const voicemails = await log.locator(".event--voicemail").count();
    await panel.getByLabel(/leave a voicemail/).fill("9");
    await panel.getByRole("button", { name: "Call the account" }).click();
    await panel.getByText("Calling the account…").waitFor();
    await expect.poll(() => log.locator(".event--voicemail").count(), { timeout: 20_000 }).toBe(voicemails + 1);
    await panel.getByRole("button", { name: "Close the customer phone" }).click();
  });

  it("/sms: a number, a message, and the live list", async () => {
    const [, second] = people;
    await page.goto("/sms");
    await page.getByLabel("Phone number").fill(second.phoneNumbers[0]);
    await page.getByText(`Conversation with ${second.name}`).waitFor();
    await page.getByLabel(`Message to ${second.name}`).fill("Glad it arrived! Anything else I can help with?");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.locator('.msg--out[data-status="DELIVERED"]', { hasText: "Glad it arrived" }).waitFor();
    await screenshot(page, "sms-page");
  });

  it("on a phone: the inbox, then a conversation", async () => {
    const [main] = people;
    const context = await newContext(browser, PHONE);
    const phone = await context.newPage();
    await signIn(phone);
    await screenshot(phone, "mobile-inbox");
    // The menu collapses the navigation.
    const menu = phone.getByRole("button", { name: "Menu" });
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await phone.getByRole("link", { name: "Contacts" }).isVisible()).toBe(false);
    await openConversation(phone, main.name);
    // One pane at a time: the list is hidden while a conversation is open.
    expect(await phone.getByRole("list", { name: "Conversations" }).isVisible()).toBe(false);
    await phone
      .getByRole("log", { name: `Timeline with ${main.name}` })
      .locator(".msg--in", { hasText: "free after 3pm" })
      .waitFor();
    await screenshot(phone, "mobile-contact");
    await menu.click();
    await phone.getByRole("link", { name: "Contacts" }).waitFor();
    await screenshot(phone, "mobile-menu");
    await context.close();
  });
});
