/**
 * What the benchmark's process (the API replicas, the database baselines) asks of its load generator, a child process
 * (bench/client.bench.ts) that posts webhooks and holds the subscribers — so the API's CPU time is the API's alone.
 */
import type { Summary } from "./stats.js";

/** Webhooks to post for `seconds`: closed loop (`concurrency` in flight) or open loop (`rate` per second). */
export interface PostSpec {
  url: string;
  /** Twilio's signature (the API's webhooks); the raw baseline stack takes the same form unsigned. */
  sign?: { authToken: string; accountSid: string };
  to: string;
  customers: number;
  seconds: number;
  concurrency?: number;
  rate?: number;
  /** 8 hex digits: MessageSids are SM<prefix><24-hex counter>, unique per phase. */
  sidPrefix: string;
  /** Whether to return the MessageSid of every webhook answered 200 (the outage scenario checks each). */
  keepSids?: boolean;
}

export interface PostResult {
  sent: number;
  acked: number;
  /** Answers other than 200, and network errors, by status or error code. */
  failed: Record<string, number>;
  ackMs: Summary;
  seconds: number;
  /** Webhooks answered 200 in each second of the run. */
  ackedPerSecond: number[];
  ackedSids?: string[];
  cpuMs: number;
}

/** Subscribers to open, round robin over `urls`: graphql-ws clients on the API, or plain WebSockets on the raw stack. */
export interface SubscribeSpec {
  kind: "graphql" | "raw";
  urls: string[];
  count: number;
  /** graphql: the API key each socket authenticates with, and the subscription to run. */
  apiKey?: string;
  query?: string;
}

/** What the subscribers saw since the last reset. Every message's body carries its send time (monotonicMs). */
export interface SubscriberStats {
  subscribers: number;
  /** Subscribers that received at least one event (readiness: every subscription is live). */
  receivedBy: number;
  deliveries: number;
  errors: number;
  /** From the stamp (the webhook's POST, or the publish) to the subscriber's `next`, every delivery. */
  latencyMs: Summary;
  events: number;
  /** Per event (a distinct body): from its stamp to its last delivery, and its deliveries divided by that time (per second). */
  fanoutMs: Summary;
  deliveriesPerSecond: Summary;
  /** All deliveries over the window from the first stamp to the last delivery (per second). */
  windowDeliveriesPerSecond: number;
  cpuMs: number;
}

/** One GraphQL request over HTTP (a keep-alive connection kept between requests), answered with its JSON body. */
export interface GraphqlSpec {
  url: string;
  /** Sent as `authorization: Bearer <apiKey>`. */
  apiKey: string;
  query: string;
  variables?: Record<string, unknown>;
}

export interface GraphqlResult {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; path?: (string | number)[] }[] };
  /** From the POST to the end of the answer, in the load generator. */
  ms: number;
}

export type ClientRequest =
  | { id: number; op: "post"; spec: PostSpec }
  | { id: number; op: "graphql"; spec: GraphqlSpec }
  | { id: number; op: "subscribe"; spec: SubscribeSpec }
  | { id: number; op: "stats"; reset: boolean }
  | { id: number; op: "unsubscribe" };

export type ClientReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** The body every benchmark message carries: its stamp and a sequence number (unique per message), then filler. */
export const stampedBody = (stamp: number, seq: number | string) => `bench ${stamp.toFixed(3)} #${seq} please call me back when you can`;

/** The stamp of a body made by stampedBody, or NaN. */
export const stampOf = (body: unknown) => (typeof body === "string" && body.startsWith("bench ") ? Number(body.slice(6, body.indexOf(" ", 6))) : NaN);

/** What the benchmark's subscribers ask for: the entry's own fields (none that reads the database per delivery). */
export const SMS_SUBSCRIPTION =
  "subscription { smsReceived { id createdAt body direction status segments encoding talkdeskPhoneNumber customerPhoneNumber messageSid media { url } } }";
