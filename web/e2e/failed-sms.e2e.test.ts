import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentToken, contactIdByNumber, graphql, launchBrowser, newContext, newNumber, receivedBy, signIn, display } from "./support";

const LANDLINE = "This number is not a mobile number and cannot receive SMS.";
const UNREACHABLE = "The customer's phone is unreachable (switched off or out of coverage).";

/** The simulator refuses numbers ending 0002 at once (FAILED), and accepts then loses those ending 0000 (UNDELIVERED). */
describe("a message that does not reach the customer", () => {
  let browser: Browser;
  let page: Page;
  let token: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    await signIn(page);
    token = await agentToken();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function openNewContact(number: string): Promise<string> {
    const data = await graphql<{ createContact: { id: string } }>(
      `
        mutation ($n: String!) {
          createContact(input: { phoneNumbers: [$n] }) {
            id
          }
        }
      `,
      { n: number },
      token,
    );
    await page.goto(`/contacts/${data.createContact.id}`);
    await page.getByRole("heading", { level: 1, name: display(number) }).waitFor();
    return data.createContact.id;
  }

  async function send(number: string, body: string) {
    await page.getByLabel(`Message to ${display(number)}`).fill(body);
    await page.getByLabel(`Message to ${display(number)}`).press("Enter");
  }

  async function retryCount(entryId: string): Promise<number> {
    const data = await graphql<{ entry: { retryCount: number } }>(
      `
        query ($id: ID!) {
          entry(id: $id) {
            ... on SmsEntry {
              retryCount
            }
          }
        }
      `,
      { id: entryId },
      token,
    );
    return data.entry.retryCount;
  }

  it("dismisses a failure the agent will not resend: it stays failed, says who dismissed it, and offers no Retry", async () => {
    const landline = newNumber("0002");
    await openNewContact(landline);
    await send(landline, "Never mind this one.");
    const bubble = page.locator(".msg--out", { hasText: "Never mind this one." });
    await expect.poll(() => bubble.getAttribute("data-status"), { timeout: 5_000 }).toBe("FAILED");
    await bubble.getByRole("button", { name: "Dismiss" }).click();
    await bubble.getByText(/^Dismissed by /).waitFor();
    expect(await bubble.getByRole("button", { name: "Retry" }).count()).toBe(0);
    await bubble.getByText(LANDLINE).waitFor();
    // Still so after a reload: it is the API's state, not the page's.
    await page.reload();
    await page
      .locator(".msg--out", { hasText: "Never mind this one." })
      .getByText(/^Dismissed by /)
      .waitFor();
  });

  it("shows a landline's refusal with its reason at once, and Retry sends it again once", async () => {
    const landline = newNumber("0002");
    await openNewContact(landline);
    await send(landline, "Your order has shipped.");
    const bubble = page.locator(".msg--out", { hasText: "Your order has shipped." });
    await expect.poll(() => bubble.getAttribute("data-status"), { timeout: 5_000 }).toBe("FAILED");
    await bubble.getByText(LANDLINE).waitFor();
    const entryId = (await bubble.getAttribute("data-entry-id"))!;

    await bubble.getByRole("button", { name: "Retry" }).click();
    // Refused again (it is still a landline), now retried once.
    await bubble.getByText("retried once").waitFor();
    await expect.poll(() => bubble.getAttribute("data-status")).toBe("FAILED");
    await bubble.getByText(LANDLINE).waitFor();
    expect(await retryCount(entryId)).toBe(1);
    expect(await bubble.count()).toBe(1);
  });

  it("shows an unreachable phone's reason, and Retry resends exactly one message", async () => {
    const unreachable = newNumber("0000");
    const contactId = await openNewContact(unreachable);
    await send(unreachable, "Your technician arrives at 2pm.");
    const bubble = page.locator(".msg--out", { hasText: "Your technician arrives at 2pm." });
    await expect.poll(() => bubble.getAttribute("data-status"), { timeout: 15_000 }).toBe("UNDELIVERED");
    await bubble.getByText(UNREACHABLE).waitFor();
    await bubble.getByText("Not delivered").waitFor();
    expect(await receivedBy(unreachable)).toHaveLength(1);
    const entryId = (await bubble.getAttribute("data-entry-id"))!;

    // A double click still retries once (the button waits for the API, which claims the entry once).
    await bubble.getByRole("button", { name: "Retry" }).dblclick();
    await bubble.getByText("retried once").waitFor();
    await expect.poll(() => bubble.getAttribute("data-status"), { timeout: 15_000 }).toBe("UNDELIVERED");
    await bubble.getByText(UNREACHABLE).waitFor();
    // Exactly one more message left the account.
    const sent = await receivedBy(unreachable);
    expect(sent.map((m) => m.body)).toEqual(["Your technician arrives at 2pm.", "Your technician arrives at 2pm."]);
    expect(await retryCount(entryId)).toBe(1);
    expect(await bubble.count()).toBe(1);
    expect(contactId).toBe(await contactIdByNumber(unreachable, token));
  });
});
