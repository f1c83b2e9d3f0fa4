import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agentToken,
  contactIdByNumber,
  customerTexts,
  display,
  eventually,
  graphql,
  launchBrowser,
  newContext,
  newNumber,
  receivedBy,
  signIn,
} from "./support";

/**
 * Canned replies the team manages: added on their page (an unknown variable refused inline, a shortcut in use too),
 * then inserted in a conversation by typing the shortcut and Enter, filled with the customer's and the agent's first
 * names and the account's name; a value nobody knows leaves a placeholder that Send refuses until it is replaced.
 */
describe("canned replies", () => {
  let browser: Browser;
  let page: Page;
  const maria = newNumber();
  const stranger = newNumber();
  const ids = { maria: "", stranger: "" };
  const shortcut = `/order-${Math.floor(Math.random() * 1e6)}`;
  const ACCOUNT = "Acme Support (demo)";

  beforeAll(async () => {
    browser = await launchBrowser();
    await customerTexts(maria, "Is my order ready?");
    await customerTexts(stranger, "hello?");
    const token = await agentToken();
    ids.maria = await contactIdByNumber(maria, token);
    ids.stranger = await contactIdByNumber(stranger, token);
    // A contact with a name (the other stays named by its number: no first name).
    await graphql(
      `
        mutation ($id: ID!) {
          updateContact(id: $id, input: { name: "Maria Lopez" }) {
            id
          }
        }
      `,
      { id: ids.maria },
      token,
    );
    page = await (await newContext(browser)).newPage();
    await signIn(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const send = () => page.getByRole("button", { name: "Send", exact: true });

  it("adds a reply with variables on its page, reached from the navigation; mistakes are explained inline", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Canned replies" }).click();
    await page.waitForURL("**/settings/canned-replies");
    // The demo's replies are data now.
    await page.getByRole("listitem", { name: "Call back later, signed" }).getByText("/later", { exact: true }).waitFor();

    await page.getByRole("button", { name: "New canned reply" }).click();
    const form = page.getByRole("form", { name: "New canned reply" });
    await form.getByLabel("Title").fill("Order on its way");
    await form.getByLabel(/^Shortcut/).fill("/later");
    await form.getByLabel("Message").fill("Hi {{contact.lastName}}, your order is on its way.");
    await form.getByRole("button", { name: "Add canned reply" }).click();
    await form
      .getByRole("alert")
      .getByText('"{{contact.lastName}}" in the body is not a variable: use {{contact.firstName}}, {{agent.firstName}} or {{account.name}}.')
      .waitFor();
    expect(await form.getByLabel("Message").getAttribute("aria-invalid")).toBe("true");

    await form.getByLabel("Message").fill("Hi ");
    await form.getByRole("button", { name: "Insert {{contact.firstName}}" }).click();
    await form.getByLabel("Message").press("End");
    await form.getByLabel("Message").pressSequentially(", your order from {{ account.name }} is on its way.");
    await form.getByRole("button", { name: "Add canned reply" }).click();
    await form
      .getByRole("alert")
      .getByText('The shortcut /later is already taken by the canned reply "Call back later, signed"', { exact: false })
      .waitFor();

    await form.getByLabel(/^Shortcut/).fill(shortcut.toUpperCase());
    await form.getByRole("button", { name: "Add canned reply" }).click();
    const row = page.getByRole("listitem", { name: "Order on its way" });
    await row.getByText(shortcut, { exact: true }).waitFor();
    await row.getByText("Hi {{contact.firstName}}, your order from {{ account.name }} is on its way.").waitFor();
    await row.getByText("Added by Ana Silva").waitFor();
    expect(await form.count()).toBe(0);
  });

  it("edits and deletes a reply", async () => {
    await page.getByRole("button", { name: "New canned reply" }).click();
    const form = page.getByRole("form", { name: "New canned reply" });
    await form.getByLabel("Title").fill("Short-lived");
    await form.getByLabel("Message").fill("Back in five minutes.");
    await form.getByRole("button", { name: "Add canned reply" }).click();
    const row = page.getByRole("listitem", { name: "Short-lived" });
    await row.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("form", { name: "Edit “Short-lived”" });
    await edit.getByLabel("Title").fill("Very short-lived");
    await edit.getByRole("button", { name: "Save changes" }).click();
    const renamed = page.getByRole("listitem", { name: "Very short-lived" });
    await renamed.getByText("Back in five minutes.").waitFor();
    await renamed.getByRole("button", { name: "Delete" }).click();
    await renamed.getByRole("group", { name: "Delete “Very short-lived”?" }).getByRole("button", { name: "Delete" }).click();
    await eventually(async () => ((await renamed.count()) === 0 ? true : undefined), 10_000, "the row to go");
  });

  it("in a conversation, /later and Enter insert the reply filled with the customer's, the agent's and the account's names", async () => {
    await page.goto(`/contacts/${ids.maria}`);
    const box = page.getByLabel("Message to Maria Lopez");
    const counter = page.locator(`[id="${(await box.getAttribute("aria-describedby"))!.split(" ")[0]}"]`);
    await box.click();
    await box.pressSequentially("/lat");
    const list = page.getByRole("listbox", { name: "Canned replies matching /lat" });
    // Filtered as the agent types: the shortcut starting with it first, then titles holding it.
    const options = list.getByRole("option");
    await options.first().waitFor();
    expect(await options.first().getAttribute("aria-selected")).toBe("true");
    expect(await options.allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining("Call back later, signed"), expect.stringContaining("Call back later")]),
    );
    expect(await box.getAttribute("aria-activedescendant")).toBe(await options.first().getAttribute("id"));
    await box.pressSequentially("er");
    await page.getByRole("listbox", { name: "Canned replies matching /later" }).getByRole("option", { name: "Call back later, signed" }).waitFor();
    await box.press("Enter");
    const filled = `Hi Maria, Ana from ${ACCOUNT} here. I'll call you back later today.`;
    await expect.poll(() => box.inputValue()).toBe(filled);
    expect(await page.getByRole("listbox").count()).toBe(0);
    // The segment counter follows the inserted text; nothing was sent, and Send is ready.
    expect(await counter.innerText()).toBe(`${filled.length} characters · 1 segment · GSM-7`);
    expect(await send().isEnabled()).toBe(true);

    // Arrow keys move the highlight; Escape closes the list and keeps the text.
    await box.press("End");
    await box.pressSequentially(" /");
    const all = page.getByRole("listbox", { name: "Canned replies matching /" }).getByRole("option");
    await all.first().waitFor();
    await box.press("ArrowDown");
    expect(await all.nth(1).getAttribute("aria-selected")).toBe("true");
    await box.press("ArrowUp");
    await box.press("ArrowUp");
    expect(await all.last().getAttribute("aria-selected")).toBe("true");
    await box.press("Escape");
    expect(await page.getByRole("listbox").count()).toBe(0);
    expect(await box.inputValue()).toBe(`${filled} /`);

    // The Canned replies button lists the same replies, filled.
    await box.fill("");
    await page.getByRole("button", { name: "Canned replies" }).click();
    await page.getByRole("list", { name: "Canned replies" }).getByRole("button", { name: "Order on its way" }).click();
    await expect.poll(() => box.inputValue()).toBe(`Hi Maria, your order from ${ACCOUNT} is on its way.`);
    await box.fill("");
  });

  it("a value nobody knows leaves a placeholder, and Send refuses until it is replaced", async () => {
    await page.goto(`/contacts/${ids.stranger}`);
    const box = page.getByLabel(`Message to ${display(stranger)}`);
    await box.click();
    await box.pressSequentially(shortcut);
    await page.getByRole("listbox").getByRole("option", { name: "Order on its way" }).waitFor();
    await box.press("Enter");
    const withPlaceholder = `Hi [first name], your order from ${ACCOUNT} is on its way.`;
    await expect.poll(() => box.inputValue()).toBe(withPlaceholder);
    const reason = page.getByText("Replace [first name] with the customer's first name before sending.");
    await reason.waitFor();
    expect(await send().isDisabled()).toBe(true);
    expect((await box.getAttribute("aria-describedby"))!.split(" ")).toContain(await reason.getAttribute("id"));
    // Enter does not send either.
    await box.press("Enter");
    expect(await box.inputValue()).toBe(withPlaceholder);

    // Nothing reached the customer.
    expect(await receivedBy(stranger)).toEqual([]);

    await box.fill(withPlaceholder.replace("[first name]", "Sam"));
    await reason.waitFor({ state: "detached" });
    await send().click();
    const sent = `Hi Sam, your order from ${ACCOUNT} is on its way.`;
    await eventually(async () => ((await receivedBy(stranger)).length ? true : undefined), 15_000, "the SMS to arrive");
    expect((await receivedBy(stranger)).map((m) => m.body)).toEqual([sent]);
  });
});
