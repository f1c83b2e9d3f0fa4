import { describe, expect, it } from "vitest";
import {
  agentToken,
  apiUrl,
  contactIdByNumber,
  conversationRow,
  customerTexts,
  display,
  graphql,
  newNumber,
  receivedBy,
  screenshot,
  signedInPage,
} from "./support";

/**
 * Send later and quiet hours in the console, against the real stack: a message scheduled a couple of minutes ahead
 * waits under the timeline, then — the development server's clock moved forward through /dev/clock, which only
 * development honours — goes out through the scheduler and takes its place on the timeline; a message refused for the
 * customer's quiet hours is scheduled for their morning in one click.
 */
describe("scheduled SMS and quiet hours", () => {
  const session = signedInPage();

  const open = async (customer: string) => {
    await customerTexts(customer, "Can you text me later today?");
    await conversationRow(session.page, display(customer)).click();
    const box = session.page.getByLabel(`Message to ${display(customer)}`);
    await box.waitFor();
    return box;
  };
  const scheduled = () => session.page.getByRole("region", { name: "Scheduled messages" });

  it("schedules a message a few minutes ahead, shows it under the timeline, and sends it at its time, in its place", async () => {
    const customer = newNumber();
    const box = await open(customer);
    await box.fill("As promised: your order ships today.");
    await session.page.getByRole("button", { name: "Send later" }).click();
    await session.page.getByRole("button", { name: "A date and time…" }).click();
    // The picker offers two minutes from now, in the agent's zone.
    await session.page.getByRole("button", { name: "Schedule", exact: true }).click();
    await scheduled().getByText("As promised: your order ships today.").waitFor();
    expect(
      await scheduled()
        .getByText(/^Scheduled for/)
        .count(),
    ).toBe(1);
    expect(await box.inputValue()).toBe("");
    // The inbox row shows a clock while a message waits.
    const clock = conversationRow(session.page, display(customer)).locator(".scheduled-chip");
    await clock.waitFor();
    await screenshot(session.page, "scheduled-sms");

    // Edit it while it waits.
    await scheduled().getByRole("button", { name: "Edit" }).click();
    await scheduled()
      .getByLabel(`Scheduled message to ${display(customer)}`)
      .fill("As promised: your order ships today 📦");
    await scheduled().getByRole("button", { name: "Save" }).click();
    await scheduled().getByText("As promised: your order ships today 📦").waitFor();

    // Its time comes (the server's clock moves three minutes on): sent by the scheduler, once.
    const moved = await fetch(`${apiUrl()}/dev/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ advanceMs: 3 * 60_000 }),
    });
    expect(moved.status).toBe(200);
    await session.page.locator(".msg--out", { hasText: "As promised: your order ships today 📦" }).waitFor({ timeout: 20_000 });
    await expect.poll(() => scheduled().count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => clock.count()).toBe(0);
    await session.page.locator(".event--system", { hasText: /scheduled an SMS for .*: sent\./ }).waitFor();
    await expect.poll(async () => (await receivedBy(customer)).filter((m) => m.body.startsWith("As promised")).length, { timeout: 15_000 }).toBe(1);
  });

  it("offers the customer's next morning when it is night for them, and schedules it in one click", async () => {
    const token = await agentToken();
    const customer = newNumber();
    const box = await open(customer);
    // Where the customer is, set in the contact's header (their number says Montreal): a zone where it is night now,
    // among those the browser offers.
    const night = await session.page.evaluate(() => {
      const hour = (tz: string) => Number(new Intl.DateTimeFormat("en-US", { hour: "numeric", hourCycle: "h23", timeZone: tz }).format(new Date()));
      const zones = (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf("timeZone");
      return zones.find((tz) => [23, 0, 1, 2, 3].includes(hour(tz)))!;
    });
    const zone = session.page.getByLabel("Time zone");
    expect(await zone.inputValue()).toBe("");
    await zone.selectOption(night);
    const id = await contactIdByNumber(customer, token);
    const stored = async () =>
      (
        await graphql<{ contact: { timeZone: string | null } }>(
          `
            query ($id: ID!) {
              contact(id: $id) {
                timeZone
              }
            }
          `,
          { id },
          token,
        )
      ).contact.timeZone;
    await expect.poll(stored).toBe(night);
    await graphql(
      `
        mutation {
          updateQuietHours(mode: ALL) {
            quietHours
          }
        }
      `,
      {},
      token,
    );
    try {
      await box.fill("Are you free for a quick call?");
      await box.press("Enter");
      const prompt = session.page.getByRole("alert").filter({ hasText: /^It is \d\d:\d\d for/ });
      await prompt.getByText(new RegExp(`send at 8:00 AM ${display(customer).replace(/\+/g, "\\+")}'s time\\?`)).waitFor();
      expect(await session.page.locator(".msg--out", { hasText: "Are you free for a quick call?" }).count()).toBe(0);
      await prompt.getByRole("button", { name: "Schedule for 8:00 AM their time" }).click();
      await scheduled().getByText("Are you free for a quick call?").waitFor();
      await scheduled()
        .getByText(/8:00 AM .*'s time/)
        .waitFor();
      expect(await box.inputValue()).toBe("");
    } finally {
      await graphql(
        `
          mutation {
            updateQuietHours(mode: OFF) {
              quietHours
            }
          }
        `,
        {},
        token,
      );
    }
  });
});
