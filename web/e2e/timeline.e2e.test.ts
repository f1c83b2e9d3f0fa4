import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiUrl, conversationRow, customerTexts, display, launchBrowser, newContext, newNumber, receivedBy, signIn } from "./support";

describe("the timeline and the contacts", () => {
  let browser: Browser;
  let page: Page;
  const customer = newNumber();
  const MESSAGES = 45;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    for (let i = 1; i <= MESSAGES; i++) await customerTexts(customer, `Message number ${i}`);
    await signIn(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("opens at the newest message, at the bottom, and loads older pages when scrolled to the top, keeping the place", async () => {
    await conversationRow(page, display(customer)).click();
    const log = page.getByRole("log", { name: `Timeline with ${display(customer)}` });
    const bubbles = log.locator(".msg--in .msg__text");
    await log.getByText(`Message number ${MESSAGES}`, { exact: true }).waitFor();
    // A page is 20 entries, newest at the bottom, scrolled to the end.
    expect(await bubbles.count()).toBe(20);
    expect(await bubbles.last().innerText()).toBe(`Message number ${MESSAGES}`);
    const atBottom = await log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    expect(atBottom).toBeLessThan(4);

    // Scroll to the top: the next page (older) comes above, and what the agent was looking at stays put.
    const oldest = log.getByText(`Message number ${MESSAGES - 19}`, { exact: true });
    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect.poll(() => bubbles.count()).toBe(40);
    const top = await oldest.evaluate((el) => el.getBoundingClientRect().top);
    const logTop = await log.evaluate((el) => el.getBoundingClientRect().top);
    // Still near the top of the box (the older page went above it, out of view), not pushed down by 20 messages.
    expect(top - logTop).toBeGreaterThan(0);
    expect(top - logTop).toBeLessThan(200);
    expect(await bubbles.first().innerText()).toBe(`Message number ${MESSAGES - 39}`);

    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect.poll(() => bubbles.count()).toBe(MESSAGES);
    await log.getByText(`The beginning of your history with ${display(customer)}.`).waitFor();
  });

  it("finds a contact by a number typed in any format", async () => {
    const national = customer.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, "($1) $2-$3");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contacts" }).click();
    await page.getByRole("searchbox", { name: "Search contacts" }).fill(national);
    const rows = page.locator(".contact-rows > li");
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByText(display(customer)).first().waitFor();
    await page.getByRole("searchbox", { name: "Search contacts" }).fill("Nora");
    await expect.poll(async () => (await rows.allInnerTexts()).every((t) => t.includes("Nora"))).toBe(true);
    await rows.first().getByRole("link").click();
    await page.getByRole("heading", { level: 1, name: /Nora/ }).waitFor();
    await page.getByRole("button", { name: "Call", exact: true }).waitFor();
  });

  it("/sms texts a new number: the contact is created on the first Send, and replies show live", async () => {
    const stranger = newNumber();
    const typed = stranger.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, "$1-$2-$3");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Text a number" }).click();
    await page.getByLabel("Phone number").fill(typed);
    await page.getByText("No one has this number yet: sending creates a contact for it.").waitFor();
    await page.getByLabel(`Message to ${typed}`).fill("Hello from Acme Support!");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.getByText(`Conversation with ${display(stranger)}`).waitFor();
    const log = page.getByRole("log", { name: `SMS with ${display(stranger)}` });
    await log.locator('.msg--out[data-status="DELIVERED"]', { hasText: "Hello from Acme Support!" }).waitFor({ timeout: 15_000 });
    expect((await receivedBy(stranger)).map((m) => m.body)).toEqual(["Hello from Acme Support!"]);
    await customerTexts(stranger, "Who is this?");
    await log.locator(".msg--in", { hasText: "Who is this?" }).waitFor();
    expect(await log.locator(".msg").count()).toBe(2);
  });

  it("signs out: the session ends on the API too, so the token it held no longer works", async () => {
    const token = await page.evaluate(() => localStorage.getItem("td_token"));
    const me = () =>
      fetch(`${apiUrl()}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "{ me { agent { id } } }" }),
      }).then((r) => r.json() as Promise<{ errors?: { extensions: { code: string } }[] }>);
    expect((await me()).errors).toBeUndefined();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL("**/login");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("td_token"))).toBeNull();
    expect((await me()).errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});
