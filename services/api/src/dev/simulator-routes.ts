import express, { type Express } from "express";
import { allowOrigin } from "../platform/cors.js";
import type { DevClock } from "../app/development.js";
import type { Config } from "../platform/config.js";
import type { Deps } from "../platform/deps.js";
import { toE164 } from "../platform/e164.js";
import { PhoneNumberModel } from "../phone-numbers/phone-number.model.js";
import { FakeTwilio } from "@talkdesk-sms/twilio-simulator";
import { webhookUrl, WebhookPath } from "../twilio/webhook-paths.js";

const MAX_BODY = 1600;

/** A request the customer phone cannot make: answered 400 with the sentence. */
class PhoneRequestError extends Error {}

/** The customer's number from a request's `field`, in E.164; a PhoneRequestError when it is missing or not a number. */
function customerNumber(value: unknown, field: "from" | "number" = "from"): string {
  const e164 = typeof value === "string" && value ? toE164(value) : undefined;
  if (!e164) throw new PhoneRequestError(`"${field}" must be the customer's phone number, e.g. +15146300808.`);
  return e164;
}

/** The account number the customer texts or calls: `to`, else the first number that can take it. */
async function accountNumber(to: string | undefined, capability: "sms" | "voice"): Promise<string> {
  const e164 =
    (to ? toE164(to) : undefined) ??
    (
      await PhoneNumberModel.findOne({ [`capabilities.${capability}`]: true })
        .sort({ _id: 1 })
        .lean()
        .exec()
    )?.phone_number;
  if (!e164)
    throw new PhoneRequestError(`"to" is missing and no account has ${capability === "sms" ? "an SMS" : "a voice"} number yet: run npm run seed.`);
  return e164;
}

/** Positive whole seconds, else the default. */
const secondsOr = (value: number | null | undefined, fallback: number) => (Number.isFinite(value) && value! > 0 ? Math.round(value!) : fallback);

/** `Host` without its port, lower-cased; undefined unless it is exactly a name or an address, with an optional port. */
function hostnameOf(host: string | undefined): string | undefined {
  return /^(\[[0-9a-f:.]+\]|[^\s:@/[\]]+)(:\d{1,5})?$/i.exec(host ?? "")?.[1].toLowerCase();
}

/**
 * The names this server answers to on /dev: loopback, PUBLIC_URL's host (a tunnel, a LAN name) and the address it
 * listens on when HOST names one.
 */
function ownHostnames(config: Config): Set<string> {
  const names = ["localhost", "127.0.0.1", "[::1]", new URL(config.publicUrl).hostname];
  if (config.host !== "0.0.0.0" && config.host !== "::") names.push(config.host.includes(":") ? `[${config.host}]` : config.host);
  return new Set(names.map((name) => name.toLowerCase()));
}

/**
 * Serves only requests whose Host names this server. A web page cannot reach the simulator through DNS rebinding (its
 * own name resolving to 127.0.0.1): the browser still sends that name as Host, and it is refused (403) before anything
 * reads the request. The raw header, not req.hostname, which trusts X-Forwarded-Host.
 */
function ownHostOnly(config: Config): express.RequestHandler {
  const allowed = ownHostnames(config);
  return (req, res, next) => {
    const hostname = hostnameOf(req.headers.host);
    if (hostname && allowed.has(hostname)) return next();
    const given = (req.headers.host ?? "").slice(0, 100);
    req.log.warn({ host: given, path: req.path }, "development simulator refused a request for another host");
    res.status(403).json({
      error: `The development simulator answers only requests for this server (${[...allowed].join(", ")}), not for "${given}": set PUBLIC_URL to the address you reach it by.`,
    });
  };
}

function handle(route: (req: express.Request, res: express.Response) => Promise<void> | void): express.RequestHandler {
  return async (req, res, next) => {
    try {
      await route(req, res);
    } catch (err) {
      if (err instanceof PhoneRequestError) res.status(400).json({ error: err.message });
      else next(err);
    }
  };
}

/**
 * The built-in Twilio simulator, for development without a Twilio account (never mounted in production or when
 * Twilio credentials are set). Every /dev route answers only requests whose Host names this server (ownHostOnly):
 *  - `/dev/twilio/2010-04-01/...`: a fake Twilio REST API that the real SDK calls; sent messages move
 *    queued → sent → delivered through real, signed status callbacks (numbers ending in 0000 end undelivered); it
 *    requests only URLs on PUBLIC_URL's origin (StatusCallback, Url and TwiML elsewhere are refused);
 *  - `POST /dev/customer-phone/sms` `{ from, to?, body, media? }`: a customer texting the account, delivered through
 *    the real signed webhook (`npm run sms -- --from +15146300808 "please call me"` calls it);
 *  - `GET /dev/customer-phone/messages?number=+1…`: what that customer's phone received (the number is required);
 *  - `POST /dev/customer-phone/call-outcome` `{ number, outcome: "answer" | "no-answer" | "busy", seconds? }`: how that
 *    customer's phone responds when an agent clicks Call;
 *  - `POST /dev/customer-phone/call` `{ from, to?, agentsAnswer?, seconds?, voicemailSeconds? }`: the customer calls
 *    the account (agents' phones answer or not; a voicemail of voicemailSeconds, or none with null);
 *  - `POST /dev/clock` `{ advanceMs }`: moves this server's clock forward (scheduled SMS come due, snoozes end) and
 *    answers the new time: how the e2e suite sees a message scheduled for later go out without waiting.
 */
export function mountSimulator(app: Express, deps: Deps, clock: DevClock): { fake: FakeTwilio; close(): void } {
  app.use("/dev", ownHostOnly(deps.config));
  const fake = new FakeTwilio({
    ...deps.twilioAccount,
    callbacks: "auto",
    // Every URL this API hands Twilio is below PUBLIC_URL: the simulator requests nothing else (no SSRF through it).
    allowedCallbackOrigins: [new URL(deps.config.publicUrl).origin],
    logger: deps.logger,
  });
  // Where the simulator's own URLs (voicemail recordings) point: this server.
  fake.url = `${deps.config.publicUrl}/dev/twilio`;
  app.use("/dev/twilio", fake.router());

  const phone = express.Router();
  // The web console's dev panel calls these from its own origin.
  phone.use(allowOrigin(deps.config.webOrigin, { headers: "content-type" }));
  phone.use(express.json({ limit: "64kb" }));

  phone.post(
    "/sms",
    handle(async (req, res) => {
      const { from, to, body, media } = (req.body ?? {}) as {
        from?: string;
        to?: string;
        body?: string;
        media?: { url: string; contentType: string }[];
      };
      const sender = customerNumber(from);
      if (typeof body !== "string" || (body === "" && !media?.length) || body.length > MAX_BODY) {
        throw new PhoneRequestError(`"body" must be 1 to ${MAX_BODY} characters (or send media).`);
      }
      const recipient = await accountNumber(to, "sms");
      const result = await fake.sendInboundSms({
        webhookUrl: webhookUrl(deps.config.publicUrl, WebhookPath.incomingSms),
        from: sender,
        to: recipient,
        body,
        media,
      });
      res
        .status(result.status === 200 ? 200 : 502)
        .json({ messageSid: result.messageSid, from: sender, to: recipient, webhookStatus: result.status, webhookBody: result.body });
    }),
  );

  phone.post(
    "/call-outcome",
    handle((req, res) => {
      const { number, outcome, seconds } = (req.body ?? {}) as { number?: string; outcome?: string; seconds?: number };
      const e164 = customerNumber(number, "number");
      if (outcome === "answer") fake.setCallOutcome(e164, { kind: "answer", seconds: secondsOr(seconds, 8) });
      else if (outcome === "no-answer" || outcome === "busy") fake.setCallOutcome(e164, { kind: outcome });
      else throw new PhoneRequestError(`"outcome" must be "answer", "no-answer" or "busy".`);
      res.json({ number: e164, outcome, seconds: outcome === "answer" ? (seconds ?? 8) : undefined });
    }),
  );

  phone.post(
    "/call",
    handle(async (req, res) => {
      const { from, to, agentsAnswer, seconds, voicemailSeconds } = (req.body ?? {}) as {
        from?: string;
        to?: string;
        agentsAnswer?: boolean;
        seconds?: number;
        voicemailSeconds?: number | null;
      };
      const caller = customerNumber(from);
      const callee = await accountNumber(to, "voice");
      const result = await fake.sendInboundCall({
        webhookUrl: webhookUrl(deps.config.publicUrl, WebhookPath.incomingCall),
        from: caller,
        to: callee,
        agents: agentsAnswer ? { kind: "answer", seconds: secondsOr(seconds, 20) } : { kind: "no-answer" },
        voicemail: voicemailSeconds === null ? null : { seconds: secondsOr(voicemailSeconds, 12) },
      });
      res.json({ callSid: result.callSid, from: caller, to: callee, steps: result.steps.map((s) => ({ url: s.url, status: s.status })) });
    }),
  );

  // What one phone received, from whichever account sent it, as a real phone would see it; never a listing of every
  // account's messages, so the number is required.
  phone.get(
    "/messages",
    handle((req, res) => {
      const number = customerNumber(req.query.number, "number");
      res.json(fake.messages.filter((m) => m.to === number).map((m) => ({ sid: m.sid, from: m.from, to: m.to, body: m.body, status: m.status })));
    }),
  );

  app.use("/dev/customer-phone", phone);
  app.post(
    "/dev/clock",
    express.json({ limit: "1kb" }),
    handle((req, res) => {
      const { advanceMs } = (req.body ?? {}) as { advanceMs?: unknown };
      if (typeof advanceMs !== "number" || !Number.isFinite(advanceMs) || advanceMs <= 0 || advanceMs > 366 * 24 * 3600_000) {
        throw new PhoneRequestError(`"advanceMs" must be a positive number of milliseconds (at most a year).`);
      }
      res.json({ now: clock.advance(advanceMs).toISOString() });
    }),
  );
  return { fake, close: () => void fake.close() };
}
