import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { REPO_ROOT } from "./stack";

export const apiUrl = () => inject("apiUrl");
export const webUrl = () => inject("webUrl");

export const ANA = { email: "ana@demo.talkdesk.test", password: "demo-password", name: "Ana Silva" };
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH. Never a browser downloaded by Playwright. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function newContext(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: "en-US", timezoneId: "America/Toronto", baseURL: webUrl() });
  context.setDefaultTimeout(15_000);
  return context;
}

/**
 * For a test file: a browser launched before its tests with one page signed in as `who`, closed after them. Read
 * `.page` inside the tests (it exists once beforeAll has run).
 */
export function signedInPage(who = ANA): { readonly page: Page } {
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    await signIn(page, who);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get page() {
      if (!page) throw new Error("signedInPage: the page exists once beforeAll has run");
      return page;
    },
  };
}

/** Signs in through the form, as an agent would, and waits for the inbox and its live connection. */
export async function signIn(page: Page, who = ANA): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/inbox");
  await page.getByRole("heading", { name: "Inbox" }).waitFor();
  await page.locator(".live-status").getByText("Live").waitFor();
}

/** The inbox row of a conversation, found by the customer's number (as displayed) or name. */
export function conversationRow(page: Page, who: string): Locator {
  return page.getByRole("list", { name: "Conversations" }).getByRole("link").filter({ hasText: who });
}

/** A phone number nobody has used in this run, ending with `suffix` (the simulator's behaviours: 0000, 0002). */
export function newNumber(suffix?: string): string {
  const random = String(Math.floor(Math.random() * 10_000_000)).padStart(7, "0");
  let local = `${random.slice(0, 3)}${suffix ?? random.slice(3)}`;
  if (!suffix && /000[0-2]$/.test(local)) local = `${local.slice(0, 6)}7`;
  return `+1438${local}`;
}

async function devPost(route: string, body: unknown): Promise<Response> {
  return fetch(`${apiUrl()}/dev/customer-phone${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** A customer texts the account through the simulator's signed webhook. */
export async function customerTexts(from: string, body: string): Promise<void> {
  const response = await devPost("/sms", { from, body });
  if (!response.ok) throw new Error(`POST /dev/customer-phone/sms answered ${response.status}: ${await response.text()}`);
}

export async function setCallOutcome(number: string, outcome: "answer" | "no-answer" | "busy", seconds?: number): Promise<Response> {
  return devPost("/call-outcome", { number, outcome, seconds });
}

export interface PhoneMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  status: string;
}

/** What the customer's phone received. */
export async function receivedBy(number: string): Promise<PhoneMessage[]> {
  const response = await fetch(`${apiUrl()}/dev/customer-phone/messages?number=${encodeURIComponent(number)}`);
  if (!response.ok) throw new Error(`GET /dev/customer-phone/messages answered ${response.status}`);
  return (await response.json()) as PhoneMessage[];
}

/** A GraphQL request as the given agent (for setup and for checks the UI does not show). */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(`${apiUrl()}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join("; "));
  return result.data as T;
}

export async function agentToken(who = ANA): Promise<string> {
  const data = await graphql<{ login: { token: string } }>(
    `
      mutation ($email: String!, $password: String!) {
        login(email: $email, password: $password) {
          token
        }
      }
    `,
    { email: who.email, password: who.password },
  );
  return data.login.token;
}

/** Whether the API's schema has this mutation (the calls API is being added while the console is built). */
export async function hasMutation(name: string): Promise<boolean> {
  const data = await graphql<{ __schema: { mutationType: { fields: { name: string }[] } } }>(`
    {
      __schema {
        mutationType {
          fields {
            name
          }
        }
      }
    }
  `);
  return data.__schema.mutationType.fields.some((f) => f.name === name);
}

export async function contactIdByNumber(number: string, token: string): Promise<string> {
  const data = await graphql<{ contacts: { edges: { node: { id: string; phoneNumbers: string[] } }[] } }>(
    `
      query ($s: String!) {
        contacts(search: $s, first: 5) {
          edges {
            node {
              id
              phoneNumbers
            }
          }
        }
      }
    `,
    { s: number },
    token,
  );
  const match = data.contacts.edges.find((e) => e.node.phoneNumbers.includes(number));
  if (!match) throw new Error(`No contact has ${number}`);
  return match.node.id;
}

/** Saves a screenshot under docs/screenshots when SCREENSHOTS=1 (so CI never rewrites them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== "1") return;
  const dir = path.join(REPO_ROOT, "docs", "screenshots");
  mkdirSync(dir, { recursive: true });
  // Let fonts, images and transitions settle.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** Polls until `check` returns a value (not undefined), or fails with the last error. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
}

/** Restarts the API process (same port, same database); resolves once it answers /healthz again. */
export async function restartApi(): Promise<void> {
  const response = await fetch(`${inject("controlUrl")}/restart-api`, { method: "POST" });
  if (response.status !== 204) throw new Error(`restart failed: ${await response.text()}`);
}

/** How the console shows a number (and a contact named by its number): +1 438 555 0123. */
export function display(number: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
  return m ? `+1 ${m[1]} ${m[2]} ${m[3]}` : number;
}

/** The customer calls the account; nobody answers and they leave a voicemail of that length (null: none). */
export async function customerCalls(from: string, voicemailSeconds: number | null = 12): Promise<void> {
  const response = await devPost("/call", { from, agentsAnswer: false, voicemailSeconds });
  if (!response.ok) throw new Error(`POST /dev/customer-phone/call answered ${response.status}: ${await response.text()}`);
}
