import type { Browser, Page, WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationRow, customerTexts, display, launchBrowser, newContext, newNumber, restartApi, signIn } from "./support";

/**
 * Live updates survive a dropped WebSocket: the console says so, reconnects by itself, subscribes again, and fetches
 * what happened meanwhile (events are not replayed).
 */
describe("after a dropped connection or an API restart", () => {
  let browser: Browser;
  let page: Page;
  const customer = newNumber();
  let blocked = false;
  const open = new Set<WebSocketRoute>();

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    // The console's WebSocket goes through this route, so the test can cut it like a network failure.
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      if (blocked) {
        ws.close({ code: 1006, reason: "network down" });
        return;
      }
      ws.connectToServer();
      open.add(ws);
      ws.onClose(() => open.delete(ws));
    });
    await signIn(page);
    await page.getByRole("status").filter({ hasText: "Live" }).waitFor();
    await customerTexts(customer, "First message");
    await conversationRow(page, display(customer)).click();
    await page.locator(".msg--in", { hasText: "First message" }).waitFor();
    await page.getByRole("status").filter({ hasText: "Live" }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const bubble = (text: string) => page.locator(".msg--in", { hasText: text });
  const status = () => page.locator(".live-status");

  it("fetches what arrived while the connection was down once it is back", async () => {
    blocked = true;
    for (const ws of open) await ws.close({ code: 1006, reason: "network down" });
    await status().getByText("Reconnecting").waitFor();

    await customerTexts(customer, "Sent while you were offline");
    await page.waitForTimeout(1_000);
    expect(await bubble("Sent while you were offline").count()).toBe(0);

    blocked = false;
    // graphql-ws retries within ~5 s; on reconnecting, the console refetches the open queries.
    await bubble("Sent while you were offline").waitFor({ timeout: 15_000 });
    await status().getByText("Live").waitFor();
    expect(await bubble("Sent while you were offline").count()).toBe(1);

    // Subscribed again: the next message comes live.
    await customerTexts(customer, "Back online");
    await bubble("Back online").waitFor({ timeout: 5_000 });
  });

  it("comes back by itself after the API restarts", async () => {
    const restarted = restartApi();
    await status().getByText("Reconnecting").waitFor({ timeout: 15_000 });
    await restarted;
    await status().getByText("Live").waitFor({ timeout: 15_000 });
    await customerTexts(customer, "After the restart");
    await bubble("After the restart").waitFor({ timeout: 10_000 });
    expect(await bubble("After the restart").count()).toBe(1);
  });
});
