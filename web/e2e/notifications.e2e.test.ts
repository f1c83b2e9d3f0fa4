import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerCalls, customerTexts, display, launchBrowser, newContext, newNumber, signIn } from "./support";

/**
 * Notifications beyond the SMS toast: a missed call and a voicemail raise one too, and while the console's tab is
 * hidden the browser's own notification (the Notification API) says it, one per conversation; clicking it opens the
 * conversation. Chromium's real Notification runs; the page records each one it creates (and each request for the
 * permission) so the test can read it.
 */

type Shown = { title: string; body: string; tag: string };

async function recordNotifications(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Real = window.Notification;
    const shown: unknown[] = [];
    (window as unknown as { __shown: unknown[] }).__shown = shown;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(this);
      }
    }
    Object.defineProperty(Recorded, "permission", { get: () => Real.permission });
    // Headless Chromium shows no prompt: the request waits for the test to answer in the agent's place.
    const win = window as unknown as { __asked: number; __answer?: (answer: NotificationPermission) => void };
    win.__asked = 0;
    Object.defineProperty(Recorded, "requestPermission", {
      value: () => {
        win.__asked++;
        return new Promise<NotificationPermission>((resolve) => (win.__answer = resolve));
      },
    });
    window.Notification = Recorded as typeof Notification;
  });
}

const shownIn = (page: Page) =>
  page.evaluate(() =>
    ((window as unknown as { __shown: Notification[] }).__shown ?? []).map((n) => ({ title: n.title, body: n.body, tag: n.tag })),
  ) as Promise<Shown[]>;

/** How many times the page asked for the permission. */
const asked = (page: Page) => page.evaluate(() => (window as unknown as { __asked: number }).__asked);

/** The console's tab goes to the background (as when the agent switches to another tab). */
const hideTab = (page: Page) =>
  page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
  });

describe("notifications", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("asks for the browser's permission only when the agent clicks Notify me", async () => {
    const context = await newContext(browser);
    await recordNotifications(context);
    const page = await context.newPage();
    await signIn(page);
    const button = page.getByRole("button", { name: "Notify me" });
    await button.waitFor();
    expect(await page.evaluate(() => Notification.permission)).toBe("default");
    expect(await asked(page)).toBe(0);
    await button.click();
    await expect.poll(() => asked(page)).toBe(1);
    // The agent says yes in the browser's prompt: the button goes.
    await context.grantPermissions(["notifications"]);
    await page.evaluate(() => (window as unknown as { __answer: (a: string) => void }).__answer("granted"));
    await expect.poll(() => button.count()).toBe(0);
    await context.close();
  });

  it("tells of a missed call and its voicemail, and while the tab is hidden shows a browser notification that opens the conversation", async () => {
    const context = await newContext(browser);
    await context.grantPermissions(["notifications"]);
    await recordNotifications(context);
    const page = await context.newPage();
    await signIn(page);
    expect(await page.getByRole("button", { name: "Notify me" }).count()).toBe(0);

    const caller = newNumber();
    await customerCalls(caller, 9);
    await page.getByText(`Voicemail from ${display(caller)}`).waitFor();
    await expect.poll(() => page.locator(".toast", { hasText: display(caller) }).count()).toBe(1); // replaced, not stacked
    // A call nobody answered and no voicemail: the missed call itself.
    const hungUp = newNumber();
    await customerCalls(hungUp, null);
    await page.getByText(`Missed call from ${display(hungUp)}`).waitFor();
    expect(await shownIn(page)).toEqual([]); // the tab is visible: a toast is enough

    await hideTab(page);
    const texter = newNumber();
    await customerTexts(texter, "Are you open on Sunday?");
    await expect
      .poll(() => shownIn(page))
      .toEqual([{ title: `New SMS from ${display(texter)}`, body: "Are you open on Sunday?", tag: expect.stringMatching(/^inbound-/) }]);
    await page.evaluate(() => (window as unknown as { __shown: Notification[] }).__shown[0].onclick?.(new Event("click")));
    await page.waitForURL(/\/inbox\/[^/]+$/);
    await page.getByLabel(`Message to ${display(texter)}`).waitFor();
    await context.close();
  });
});
