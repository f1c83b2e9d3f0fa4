import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { simulatorCredentials } from "@talkdesk-sms/twilio-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturingLogger, createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addSmsNumber, postSigned } from "../../test/sms-fixtures.js";
import { SmsEntryModel } from "../sms/sms-entry.model.js";
import { WebhookPath, webhookUrl } from "../twilio/webhook-paths.js";

const CUSTOMER = "+15146300808";

/** A request to `url` naming another `host` in its Host header, as a browser does after DNS rebinding (fetch cannot set Host). */
function withHost(url: string, host: string, opts: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const req = request({ hostname, port, path: `${pathname}${search}`, method: opts.method ?? "GET", headers: { ...opts.headers, host } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: res.headers["content-type"]?.includes("json") ? JSON.parse(text) : text }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** Basic auth for the simulator's fake Twilio REST API, with this server's credentials. */
function twilioAuth(app: TestApp) {
  const { accountSid, authToken } = app.server.deps.twilioAccount;
  return `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
}

/** Another server on this machine (not the API): records every request that reaches it. */
async function startBystander() {
  const received: { method?: string; url?: string }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    received.push({ method: req.method, url: req.url });
    res.setHeader("content-type", "text/xml");
    res.end("<Response/>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls `read` every 50 ms until it returns `expected` (10 s at most) and resolves with the last value. */
async function until<T>(read: () => Promise<T>, expected: T): Promise<T> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

/** The customer texts the account through the simulator, as the console's dev panel does. */
async function customerTexts(app: TestApp, to: string, body = "hello") {
  const res = await fetch(`${app.url}/dev/customer-phone/sms`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: CUSTOMER, to, body }),
  });
  return { status: res.status, body: (await res.json()) as { webhookStatus?: number; error?: string } };
}

describe("the simulator's Twilio credentials", () => {
  it("are random on every start in development: a webhook signed with the fixed credentials in the source is refused", async () => {
    const first = await startTestApp({ file: import.meta.filename, config: { NODE_ENV: "development" } });
    const second = await startTestApp({ file: import.meta.filename, config: { NODE_ENV: "development" } });
    try {
      const account = first.server.deps.twilioAccount;
      const fixed = simulatorCredentials();
      expect(account.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
      expect(account.authToken).toMatch(/^[0-9a-f]{64}$/);
      expect(account.authToken).not.toBe(second.server.deps.twilioAccount.authToken);
      expect(account.authToken).not.toBe(fixed.authToken);

      const { accountId } = await createTenant();
      const number = await addSmsNumber(accountId);
      const forged = { AccountSid: account.accountSid, MessageSid: `SM${"f".repeat(32)}`, From: CUSTOMER, To: number, Body: "forged" };
      expect(await postSigned(`${first.url}${WebhookPath.incomingSms}`, forged, fixed.authToken)).toEqual({
        status: 403,
        body: "Invalid or missing X-Twilio-Signature.",
      });
      // The simulator itself signs with this start's token, and the webhook takes it.
      expect(await customerTexts(first, number)).toMatchObject({ status: 200, body: { webhookStatus: 200 } });
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe("the simulator's routes", () => {
  let app: TestApp;
  let number: string;
  const log = capturingLogger();

  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename, logger: log.logger });
    number = await addSmsNumber((await createTenant()).accountId);
  });
  afterAll(() => app.close());

  it("serve only requests that name this server in Host (no DNS rebinding): any other host gets 403, and nothing is done", async () => {
    const port = new URL(app.url).port;
    const { accountSid } = app.server.deps.twilioAccount;
    const refused = { status: 403, body: { error: expect.stringMatching(/^The development simulator answers only requests for this server/) } };
    for (const host of ["evil.example", `evil.example:${port}`, `localhost.evil.example:${port}`, `127.0.0.1.nip.io:${port}`]) {
      const sms = {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from: CUSTOMER, to: number, body: "hi" }),
      };
      expect(await withHost(`${app.url}/dev/customer-phone/sms`, host, sms)).toEqual(refused);
      const send = {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: twilioAuth(app) },
        body: new URLSearchParams({ To: CUSTOMER, From: number, Body: "hi" }).toString(),
      };
      expect(await withHost(`${app.url}/dev/twilio/2010-04-01/Accounts/${accountSid}/Messages.json`, host, send)).toEqual(refused);
      expect(await withHost(`${app.url}/dev/customer-phone/messages?number=${CUSTOMER}`, host)).toEqual(refused);
    }
    expect(await SmsEntryModel.countDocuments({ customer_phone_number: CUSTOMER })).toBe(0);

    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LocalHost:${port}`, "localhost"]) {
      expect(await withHost(`${app.url}/dev/customer-phone/messages?number=${CUSTOMER}`, host)).toEqual({ status: 200, body: [] });
    }
  });

  it("list what one customer's phone received, never every account's messages: the number is required", async () => {
    const other = "+15146300909";
    const send = (to: string, body: string) =>
      fetch(`${app.url}/dev/twilio/2010-04-01/Accounts/${app.server.deps.twilioAccount.accountSid}/Messages.json`, {
        method: "POST",
        headers: { authorization: twilioAuth(app) },
        body: new URLSearchParams({ To: to, From: number, Body: body }),
      });
    expect((await send(CUSTOMER, "for the customer")).status).toBe(201);
    expect((await send(other, "for someone else")).status).toBe(201);

    const messages = (query: string) =>
      fetch(`${app.url}/dev/customer-phone/messages${query}`).then(async (r) => ({ status: r.status, body: await r.json() }));
    const required = { status: 400, body: { error: `"number" must be the customer's phone number, e.g. +15146300808.` } };
    expect(await messages("")).toEqual(required);
    expect(await messages("?number=")).toEqual(required);
    expect(await messages("?number=everyone")).toEqual(required);
    expect(await messages(`?number=${encodeURIComponent(CUSTOMER)}`)).toEqual({
      status: 200,
      body: [{ sid: expect.stringMatching(/^SM/), from: number, to: CUSTOMER, body: "for the customer", status: expect.any(String) }],
    });
  });

  it("fetch only this API's own URLs: a StatusCallback, Url or <Redirect> elsewhere is refused, and nothing is fetched", async () => {
    const bystander = await startBystander();
    const api = `${app.url}/dev/twilio/2010-04-01/Accounts/${app.server.deps.twilioAccount.accountSid}`;
    const rest = async (method: "GET" | "POST", path: string, params?: Record<string, string>) => {
      const res = await fetch(`${api}${path}`, { method, headers: { authorization: twilioAuth(app) }, body: params && new URLSearchParams(params) });
      return { status: res.status, body: (await res.json()) as { sid?: string; status?: string; code?: number; message?: string } };
    };
    const agent = "+15146300100";
    const customer = "+15146300707";
    try {
      for (const StatusCallback of ["http://169.254.169.254/latest/meta-data/", `${bystander.url}/status`, "file:///etc/passwd"]) {
        expect(await rest("POST", "/Messages.json", { To: customer, From: number, Body: "hi", StatusCallback })).toMatchObject({
          status: 400,
          body: { code: 21609 },
        });
        expect(await rest("POST", "/Calls.json", { To: agent, From: number, Twiml: "<Response/>", StatusCallback })).toMatchObject({
          status: 400,
          body: { code: 21609 },
        });
      }
      expect((await rest("POST", "/Messages.json", { To: customer, From: number, Body: "hi", StatusCallback: bystander.url })).body.message).toBe(
        `Invalid StatusCallback url: ${bystander.url} is on none of the origins this simulator requests (only ${new URL(app.config.publicUrl).origin})`,
      );
      expect(await rest("POST", "/Calls.json", { To: agent, From: number, Url: `${bystander.url}/twiml` })).toMatchObject({
        status: 400,
        body: { code: 21205 },
      });
      expect(await rest("GET", `/Calls.json`)).toMatchObject({ status: 404 });
      expect(await fetch(`${app.url}/dev/customer-phone/messages?number=${encodeURIComponent(customer)}`).then((r) => r.json())).toEqual([]);

      // Inline TwiML that redirects elsewhere: the call is accepted, and ends at the <Redirect> without requesting it.
      const call = await rest("POST", "/Calls.json", {
        To: agent,
        From: number,
        Twiml: `<Response><Redirect>${bystander.url}/next</Redirect></Response>`,
      });
      expect(call.status).toBe(201);
      // This API's own URLs are still called: the message reaches delivered through its status callbacks.
      const own = await rest("POST", "/Messages.json", {
        To: customer,
        From: number,
        Body: "hi",
        StatusCallback: webhookUrl(app.config.publicUrl, WebhookPath.messageStatus),
      });
      expect(own.status).toBe(201);
      expect(await until(async () => (await rest("GET", `/Calls/${call.body.sid}.json`)).body.status, "completed")).toBe("completed");
      expect(await until(async () => (await rest("GET", `/Messages/${own.body.sid}.json`)).body.status, "delivered")).toBe("delivered");
      expect(bystander.received).toEqual([]);
      expect(log.records().map((r) => r.msg)).toContain(
        `<Redirect>: ${bystander.url}/next is on none of the origins this simulator requests (only ${new URL(app.config.publicUrl).origin}), skipped`,
      );
    } finally {
      await bystander.close();
    }
  });

  it("move the server's clock forward on POST /dev/clock, and only forward", async () => {
    const advance = (advanceMs: unknown) =>
      fetch(`${app.url}/dev/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceMs }) });
    const before = app.server.deps.now().getTime();
    const res = await advance(3_600_000);
    expect(res.status).toBe(200);
    const { now } = (await res.json()) as { now: string };
    expect(new Date(now).getTime() - before).toBeGreaterThanOrEqual(3_600_000);
    expect(app.server.deps.now().getTime() - Date.now()).toBeGreaterThanOrEqual(3_599_000);
    for (const bad of [-1, 0, "soon", 400 * 24 * 3600_000]) expect((await advance(bad)).status, String(bad)).toBe(400);
  });

  it("also serve the host of PUBLIC_URL (a tunnel to this machine)", async () => {
    const tunnelled = await startTestApp({ file: import.meta.filename, config: { PUBLIC_URL: "https://dev-tunnel.example.net" } });
    try {
      const messages = `${tunnelled.url}/dev/customer-phone/messages?number=${CUSTOMER}`;
      expect(await withHost(messages, "dev-tunnel.example.net")).toEqual({ status: 200, body: [] });
      expect((await withHost(messages, "other-tunnel.example.net")).status).toBe(403);
    } finally {
      await tunnelled.close();
    }
  });
});
