/** Local stand-ins for the API's webhook endpoints, which record what this fake sends them. */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import twilio from "twilio";
import { simulatorCredentials } from "../src/index.js";

const creds = simulatorCredentials();

/** Serves `app` on a free port of 127.0.0.1. */
async function serve(app: express.Express): Promise<{ url: string; close(): Promise<void> }> {
  const server: HttpServer = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What a webhook endpoint of ours would see: the full URL Twilio called, its headers and form parameters. */
export interface Received {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
}

/** A local stand-in for our webhook routes: records every POST and answers like the API would (empty TwiML). */
export async function startReceiver() {
  const received: Received[] = [];
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  let base = "";
  app.post("/{*rest}", (req, res) => {
    received.push({ url: `${base}${req.originalUrl}`, headers: req.headers, params: req.body as Record<string, string> });
    res.type("text/xml").send(new twilio.twiml.MessagingResponse().toString());
  });
  const server = await serve(app);
  base = server.url;
  return { url: base, received, close: server.close };
}

export function isSignedByTwilio(r: Received, authToken = creds.authToken): boolean {
  return twilio.validateRequest(authToken, String(r.headers["x-twilio-signature"] ?? ""), r.url, r.params);
}

export interface VoiceReceived extends Received {
  method: string;
  path: string;
  query: Record<string, string>;
}

/**
 * A stand-in for the API's voice webhooks: records every request and answers with what `answer` returns for it
 * (TwiML), or an empty `<Response/>`.
 */
export async function startVoiceReceiver(answer: (r: VoiceReceived, base: string) => string | undefined) {
  const received: VoiceReceived[] = [];
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  let base = "";
  app.all("/{*rest}", (req, res) => {
    const r: VoiceReceived = {
      method: req.method,
      path: req.path,
      url: `${base}${req.originalUrl}`,
      headers: req.headers,
      query: Object.fromEntries(new URL(req.originalUrl, base).searchParams),
      params: req.method === "GET" ? {} : ((req.body as Record<string, string> | undefined) ?? {}),
    };
    received.push(r);
    res.type("text/xml").send(answer(r, base) ?? "<Response/>");
  });
  const server = await serve(app);
  base = server.url;
  return { url: base, received, close: server.close };
}
