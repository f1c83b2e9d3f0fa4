import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiUrl, conversationRow, customerCalls, customerTexts, display, launchBrowser, newContext, newNumber, signIn, webUrl } from "./support";

/** A Content-Security-Policy header's directives: name → its sources. */
function directives(csp: string | null): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const directive of (csp ?? "").split(";")) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) parsed.set(name, sources);
  }
  return parsed;
}

function nonceOf(csp: string | null): string | undefined {
  return /'nonce-([^']+)'/.exec(directives(csp).get("script-src")?.join(" ") ?? "")?.[1];
}

/**
 * The console's security headers, on the production build the suite starts: a CSP with a fresh nonce per page that
 * Next's own scripts carry, frame-ancestors 'none', the static headers on every response (HSTS included, it is not a
 * development build), and the console still working under that CSP with not one violation reported.
 */
describe("security headers", () => {
  it("a page carries a CSP whose per-request nonce is on every script of the page", async () => {
    const [first, second] = await Promise.all([fetch(`${webUrl()}/login`), fetch(`${webUrl()}/login`)]);
    expect(first.status).toBe(200);
    const csp = first.headers.get("content-security-policy");
    const policy = directives(csp);
    const nonce = nonceOf(csp);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(second.headers.get("content-security-policy"))).not.toBe(nonce);

    expect(policy.get("default-src")).toEqual(["'self'"]);
    // A production build: no 'unsafe-eval', no 'unsafe-inline'.
    expect(policy.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    const api = new URL(apiUrl());
    expect(policy.get("connect-src")).toEqual(["'self'", api.origin, `ws://${api.host}`]);

    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !tag.includes(` nonce="${nonce}"`))).toEqual([]);
  });

  it("every response, a page or a static file, carries the static headers", async () => {
    const page = await fetch(`${webUrl()}/login`);
    const script = /<script\b[^>]*\bsrc="([^"]+)"/.exec(await page.text())?.[1];
    expect(script).toMatch(/^\/_next\/static\//);
    for (const response of [page, await fetch(`${webUrl()}${script}`), await fetch(`${webUrl()}/icon.svg`)]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("permissions-policy")).toBe("camera=(), microphone=(), geolocation=()");
      expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    }
  });

  describe("under the CSP", () => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    /** Every CSP violation the pages report, across navigations. */
    const violations: string[] = [];
    const problems: string[] = [];

    beforeAll(async () => {
      browser = await launchBrowser();
      context = await newContext(browser);
      await context.exposeFunction("reportCspViolation", (violation: string) => violations.push(violation));
      // Playwright's init scripts are not subject to the page's CSP: this listens from before the first script runs.
      await context.addInitScript(() => {
        const report = (window as unknown as { reportCspViolation: (violation: string) => void }).reportCspViolation;
        document.addEventListener("securitypolicyviolation", (e) =>
          report(`${e.effectiveDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
        );
      });
      page = await context.newPage();
      page.on("console", (message) => {
        if (/content security policy/i.test(message.text())) problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));
    });

    afterAll(async () => {
      await browser?.close();
    });

    it("signs in, goes live over the WebSocket, plays a voicemail from the API, shows a 404, and reports no violation", async () => {
      const customer = newNumber();
      await signIn(page); // waits for "Live": the WebSocket to the API is open
      await customerTexts(customer, "Checking the headers");
      await conversationRow(page, display(customer)).click();
      const log = page.getByRole("log", { name: `Timeline with ${display(customer)}` });
      await log.locator(".msg--in", { hasText: "Checking the headers" }).waitFor();

      await customerCalls(customer, 3);
      const audio = log.locator(".event--voicemail audio");
      await audio.waitFor({ timeout: 20_000 });
      // The recording is on the API's origin (the simulator): media-src lets the player load it.
      const duration = await audio.evaluate(
        (element) =>
          new Promise<number>((resolve) => {
            const player = element as HTMLAudioElement;
            player.addEventListener("loadedmetadata", () => resolve(player.duration), { once: true });
            player.addEventListener("error", () => resolve(-1), { once: true });
            player.preload = "metadata";
            player.load();
          }),
      );
      expect(duration).toBeGreaterThan(0);

      await page.getByRole("link", { name: "Contacts" }).first().click();
      await page.getByRole("heading", { name: "Contacts" }).waitFor();
      await page.goto("/sms");
      await page.getByLabel("Phone number").waitFor();
      await page.locator(".live-status").getByText("Live").waitFor();

      // The 404 page too (Next's default one is styled inline).
      const notFound = await page.goto("/no-such-page");
      expect(notFound?.status()).toBe(404);
      await page.getByRole("heading", { name: "Page not found" }).waitFor();

      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
    });

    it("refuses an injected inline event handler", async () => {
      await page.evaluate(() => {
        const div = document.createElement("div");
        div.innerHTML = `<img src="/icon.svg" alt="" onload="window.__injected = 1">`;
        document.body.append(div);
      });
      await expect.poll(() => violations).toEqual([expect.stringMatching(/^script-src-attr inline /)]);
      expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
    });
  });
});
