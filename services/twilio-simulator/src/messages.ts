/**
 * The Messages API (POST .../Messages.json, GET .../Messages/{Sid}.json) and inbound SMS.
 *
 * What it checks, like Twilio (in this order): HTTP Basic auth is this fake's AccountSid:AuthToken and the path's
 * AccountSid is that account (401, 20003; see server.ts); `To` present (400, 21604) and E.164 (400, 21211); `From` or
 * `MessagingServiceSid` present (400, 21603) and well-formed (21212, 21701); `Body` or `MediaUrl` present (400, 21602);
 * every MediaUrl an http(s) URL (400, 21620); `StatusCallback` http(s), and on an allowed origin when the fake has
 * them (400, 21609); Body at most 1,600 characters (400, 21617).
 *
 * Deterministic outcomes, chosen by the last four digits of `To`, so tests and demos can reach every path:
 *  - …0001 → refused at create: 400, 21610 "Attempt to send to unsubscribed recipient" (the recipient sent STOP);
 *  - …0002 → refused at create: 400, 21614 "'To' number is not a valid mobile number" (a landline);
 *  - …0000 → accepted (201, queued), then sending → sent → undelivered with ErrorCode 30003 (handset unreachable);
 *  - anything else → accepted (201, queued), then sending → sent → delivered.
 *
 * Status callbacks as callbacks.ts describes them.
 */
import type { Logger } from "pino";
import { SegmentedMessage } from "sms-segments-calculator";
import { TwilioApiError } from "./api-errors.js";
import type { Callbacks } from "./callbacks.js";
import { pushBounded } from "./bounded.js";
import { isHttpUrl, list, single, type FormParams } from "./form-params.js";
import { createRoute, fetchRoute, type ApiRoute } from "./server.js";
import { API_VERSION, countryOf, E164, newSid, rfc2822 } from "./twilio-format.js";

const MAX_BODY_CHARS = 1600;
const DEFAULT_DELAYS = { sending: 100, sent: 300, delivered: 900 } as const;

export type MessageStatus = "accepted" | "scheduled" | "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "read" | "canceled";

export interface FakeTwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
  /** The current status: advances as callbacks fire (auto) or are played (manual); never goes backwards. */
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  numSegments: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
  /** The create request's form parameters, as received. */
  params: FormParams;
}

/** When each status happens, in ms after the create (see FakeTwilioOptions.delaysMs). */
export interface MessageDelaysMs {
  sending?: number;
  sent: number;
  delivered: number;
}

export interface InboundSmsOptions {
  webhookUrl: string;
  from: string;
  to: string;
  body: string;
  media?: { url: string; contentType: string }[];
  /** Reuse a sid to replay the same message, as Twilio may deliver it twice. */
  messageSid?: string;
  /** Added last: overrides or new parameters (Twilio adds parameters without notice). */
  extra?: Record<string, string>;
  /** Sign with this auth token instead of the fake's: a forged request. */
  signWith?: string;
  /** Send no X-Twilio-Signature at all. */
  unsigned?: boolean;
}

/** Twilio's deterministic outcomes by the last four digits of `To` (see the top of this file). */
const OUTBOUND_RULES: { suffix: string; refuse?: { code: number; message: string }; fail?: { status: MessageStatus; errorCode: number } }[] = [
  { suffix: "0001", refuse: { code: 21610, message: "Attempt to send to unsubscribed recipient" } },
  { suffix: "0002", refuse: { code: 21614, message: "'To' number is not a valid mobile number" } },
  { suffix: "0000", fail: { status: "undelivered", errorCode: 30003 } },
];

const ERROR_MESSAGES: Record<number, string> = {
  30003: "Unreachable destination handset",
};

/** Later statuses win: callbacks arrive out of order, the resource's status does not go backwards. */
const PROGRESS: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  read: 5,
};

const SHORT_CODE = /^\d{3,8}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

export class Messages {
  /** Every accepted message, oldest first. */
  readonly list: FakeTwilioMessage[] = [];
  private readonly accountSid: string;
  private readonly delays: MessageDelaysMs;
  private readonly callbacks: Callbacks;
  private readonly logger: Logger;
  private readonly maxRecords: number;

  /** `maxRecords`: how many messages `list` keeps (the newest; an older one can no longer be fetched). */
  constructor(opts: { accountSid: string; delaysMs?: MessageDelaysMs; callbacks: Callbacks; logger: Logger; maxRecords: number }) {
    this.accountSid = opts.accountSid;
    this.delays = opts.delaysMs ?? DEFAULT_DELAYS;
    this.callbacks = opts.callbacks;
    this.logger = opts.logger;
    this.maxRecords = opts.maxRecords;
  }

  routes(): ApiRoute[] {
    const resource = (message: FakeTwilioMessage) => this.resource(message);
    return [
      createRoute("/Messages.json", (params) => this.create(params), resource),
      fetchRoute("/Messages/:Sid.json", (sid) => this.list.find((m) => m.sid === sid), resource),
      {
        // GET .../Messages.json?To=&From=&PageSize=: newest first, one page (Twilio's list shape).
        method: "get",
        path: "/Messages.json",
        handle: (req, res) => {
          const q = req.query as Record<string, string | undefined>;
          const size = Math.min(Math.max(Number(q.PageSize) || 50, 1), 1000);
          const matching = this.list.filter((m) => (!q.To || m.to === q.To) && (!q.From || m.from === q.From)).reverse();
          const uri = `/${API_VERSION}/Accounts/${this.accountSid}/Messages.json?PageSize=${size}&Page=0`;
          res.json({
            messages: matching.slice(0, size).map(resource),
            page: 0,
            page_size: size,
            start: 0,
            end: Math.min(size, matching.length) - 1,
            uri,
            first_page_uri: uri,
            next_page_uri: null,
            previous_page_uri: null,
          });
        },
      },
    ];
  }

  /**
   * Plays Twilio receiving an SMS/MMS: the inbound webhook's parameters, signed for `webhookUrl` and POSTed
   * form-encoded. Resolves with the webhook's answer (TwiML, normally) and what was sent.
   */
  async receive(opts: InboundSmsOptions): Promise<{ status: number; body: string; messageSid: string; params: Record<string, string> }> {
    const media = opts.media ?? [];
    const messageSid = opts.messageSid ?? newSid(media.length > 0 ? "MM" : "SM");
    const params: Record<string, string> = {
      ToCountry: countryOf(opts.to),
      ToState: "",
      SmsMessageSid: messageSid,
      NumMedia: String(media.length),
      ToCity: "",
      FromZip: "",
      SmsSid: messageSid,
      FromState: "",
      SmsStatus: "received",
      FromCity: "",
      Body: opts.body,
      FromCountry: countryOf(opts.from),
      To: opts.to,
      ToZip: "",
      NumSegments: String(Math.max(1, countSegments(opts.body))),
      MessageSid: messageSid,
      AccountSid: this.accountSid,
      From: opts.from,
      ApiVersion: API_VERSION,
    };
    media.forEach((m, i) => {
      params[`MediaUrl${i}`] = m.url;
      params[`MediaContentType${i}`] = m.contentType;
    });
    Object.assign(params, opts.extra);
    const signature = this.callbacks.sign(opts.webhookUrl, params, opts);
    const response = await this.callbacks.send("POST", opts.webhookUrl, params, signature);
    this.logger.debug({ messageSid, url: opts.webhookUrl, status: response.status }, "inbound SMS webhook called");
    return { ...response, messageSid, params };
  }

  private create(params: FormParams): FakeTwilioMessage {
    const to = single(params.To);
    const from = single(params.From);
    const messagingServiceSid = single(params.MessagingServiceSid);
    const body = single(params.Body) ?? "";
    const mediaUrls = list(params.MediaUrl);
    const statusCallback = single(params.StatusCallback);

    if (!to) throw new TwilioApiError(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) throw new TwilioApiError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !messagingServiceSid) throw new TwilioApiError(400, 21603, "A 'From' phone number is required.");
    if (from && !(E164.test(from) || SHORT_CODE.test(from) || ALPHANUMERIC_SENDER.test(from))) {
      throw new TwilioApiError(400, 21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
    }
    if (messagingServiceSid && !MESSAGING_SERVICE_SID.test(messagingServiceSid)) {
      throw new TwilioApiError(400, 21701, `The Messaging Service Sid ${messagingServiceSid} is invalid.`);
    }
    if (!body && mediaUrls.length === 0) throw new TwilioApiError(400, 21602, "Message body is required.");
    if (mediaUrls.some((u) => !isHttpUrl(u))) throw new TwilioApiError(400, 21620, "Invalid media URL(s).");
    this.callbacks.requireAllowed(statusCallback, 21609, "Invalid StatusCallback url");
    if ([...body].length > MAX_BODY_CHARS) {
      throw new TwilioApiError(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    }
    const rule = OUTBOUND_RULES.find((r) => to.endsWith(r.suffix));
    if (rule?.refuse) throw new TwilioApiError(400, rule.refuse.code, rule.refuse.message);

    const now = new Date();
    const message: FakeTwilioMessage = {
      sid: newSid(mediaUrls.length > 0 ? "MM" : "SM"),
      accountSid: this.accountSid,
      to,
      from: from ?? null,
      messagingServiceSid: messagingServiceSid ?? null,
      body,
      mediaUrls,
      statusCallback: statusCallback ?? null,
      // With a Messaging Service, Twilio first accepts the message and picks a sender, then queues it.
      status: messagingServiceSid && !from ? "accepted" : "queued",
      errorCode: null,
      errorMessage: null,
      numSegments: Math.max(1, countSegments(body)),
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
      params,
    };
    pushBounded(this.list, message, this.maxRecords);
    this.trackStatus(message, rule?.fail ?? { status: "delivered", errorCode: undefined });
    this.logger.info({ sid: message.sid, to, from: message.from, status: message.status }, "fake Twilio accepted a message");
    return message;
  }

  /** Plans a message's callbacks, from its first status to `final`, in Twilio's order (auto mode sends them on timers). */
  private trackStatus(message: FakeTwilioMessage, final: { status: MessageStatus; errorCode: number | undefined }): void {
    const plan = [
      ...(message.status === "accepted" ? [{ status: "queued", atMs: 0 }] : []),
      ...(this.delays.sending !== undefined ? [{ status: "sending", atMs: this.delays.sending }] : []),
      { status: "sent", atMs: this.delays.sent },
      { status: final.status, atMs: this.delays.delivered },
    ];
    this.callbacks.track({
      sid: message.sid,
      url: message.statusCallback,
      plan: plan.map((p) => ({ ...p, done: false })),
      paramsFor: (status) => ({
        SmsSid: message.sid,
        SmsStatus: status,
        MessageStatus: status,
        To: message.to,
        ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
        MessageSid: message.sid,
        AccountSid: message.accountSid,
        ...(message.from ? { From: message.from } : {}),
        ApiVersion: API_VERSION,
        ...(status === final.status && final.errorCode ? { ErrorCode: String(final.errorCode) } : {}),
      }),
      apply: (status, callbackParams) => {
        if ((PROGRESS[status] ?? -1) <= (PROGRESS[message.status] ?? -1)) return;
        message.status = status as MessageStatus;
        message.dateUpdated = new Date();
        if (!message.dateSent && PROGRESS[status] >= PROGRESS.sent) message.dateSent = message.dateUpdated;
        if (callbackParams.ErrorCode) {
          message.errorCode = Number(callbackParams.ErrorCode);
          message.errorMessage = ERROR_MESSAGES[message.errorCode] ?? null;
        }
      },
    });
  }

  /** Twilio's Message resource, as JSON (every field Twilio returns, in its types: counts are strings). */
  private resource(m: FakeTwilioMessage) {
    const uri = `/${API_VERSION}/Accounts/${m.accountSid}/Messages/${m.sid}`;
    return {
      account_sid: m.accountSid,
      api_version: API_VERSION,
      body: m.body,
      date_created: rfc2822(m.dateCreated),
      date_sent: m.dateSent ? rfc2822(m.dateSent) : null,
      date_updated: rfc2822(m.dateUpdated),
      direction: "outbound-api",
      error_code: m.errorCode,
      error_message: m.errorMessage,
      from: m.from,
      messaging_service_sid: m.messagingServiceSid,
      num_media: String(m.mediaUrls.length),
      num_segments: String(m.numSegments),
      price: null,
      price_unit: "USD",
      sid: m.sid,
      status: m.status,
      subresource_uris: { media: `${uri}/Media.json` },
      to: m.to,
      uri: `${uri}.json`,
    };
  }
}

function countSegments(body: string): number {
  return body ? new SegmentedMessage(body).segmentsCount : 0;
}
