/**
 * The fake's HTTP side: Twilio's REST API as an Express router, mountable at any base path ("/" in tests,
 * "/dev/twilio" in the API), and listen()/close() on a server of its own.
 *
 * Every request is recorded (the newest maxRecords, each body cut at maxBodyBytes). HTTP Basic auth must be this fake's AccountSid:AuthToken and the path's AccountSid that
 * account (401, 20003), except for public routes (recording media); unknown paths answer 404 (20404), malformed
 * requests 4xx (20001), and a failure of the fake 500 (20500), each with Twilio's JSON error body.
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import { notFound, sendError, TwilioApiError } from "./api-errors.js";
import { pushBounded, utf8Prefix } from "./bounded.js";
import { form, type FormParams } from "./form-params.js";
import { API_VERSION } from "./twilio-format.js";

export interface FakeTwilioRequest {
  method: string;
  /** Relative to where the router is mounted, without the query string. */
  path: string;
  params: FormParams;
  /** The form body exactly as sent, for checks that must not trust this fake's own parsing (its first maxBodyBytes). */
  rawBody: string;
  /** Whether the body was longer than maxBodyBytes: rawBody is its beginning, and params are not kept ({}). */
  truncated: boolean;
  /** Whether Basic auth carried this fake's AccountSid:AuthToken. */
  authOk: boolean;
}

/** One REST route below /2010-04-01/Accounts/{AccountSid}. */
export interface ApiRoute {
  method: "get" | "post";
  /** E.g. "/Messages.json". */
  path: string;
  /** Served without auth or account check (the handler checks what it must); otherwise behind both. */
  public?: boolean;
  handle(req: Request<Record<string, string>>, res: Response, next: NextFunction): void;
}

/** POST .../{Resources}.json: `create` makes the resource from the form, answered 201; then `created` hears of it. */
export function createRoute<T>(
  path: string,
  create: (params: FormParams) => T,
  resource: (item: T) => unknown,
  created?: (item: T) => void,
): ApiRoute {
  return {
    method: "post",
    path,
    handle: (req, res) => {
      const item = create(form(req));
      res.status(201).json(resource(item));
      created?.(item);
    },
  };
}

/** GET .../{Resources}/{Sid}.json: the resource's current state, or 20404. */
export function fetchRoute<T>(path: string, find: (sid: string) => T | undefined, resource: (item: T) => unknown): ApiRoute {
  return {
    method: "get",
    path,
    handle: (req, res) => {
      const item = find(req.params.Sid);
      if (!item) throw notFound(req);
      res.json(resource(item));
    },
  };
}

const ACCOUNT_PATH = `/${API_VERSION}/Accounts/:AccountSid`;

/** Twilio's REST API over `routes`, public ones first, then Basic auth, then the account's. */
export function apiRouter(opts: {
  accountSid: string;
  authToken: string;
  requests: FakeTwilioRequest[];
  /** How many requests `requests` keeps (the newest), and how much of each body. */
  limits: { maxRecords: number; maxBodyBytes: number };
  routes: ApiRoute[];
  logger: Logger;
}): express.Router {
  const { accountSid, authToken, requests, limits, routes, logger } = opts;
  const isAuthorized = (req: Request) => hasBasicAuth(req, `${accountSid}:${authToken}`);
  const router = express.Router();
  router.use(
    express.urlencoded({
      extended: false,
      limit: "1mb",
      verify: (req, _res, buf) => {
        Object.assign(req, { rawBody: utf8Prefix(buf, limits.maxBodyBytes), truncated: buf.length > limits.maxBodyBytes });
      },
    }),
  );
  router.use((req, _res, next) => {
    const { rawBody = "", truncated = false } = req as Request & { rawBody?: string; truncated?: boolean };
    const request: FakeTwilioRequest = {
      method: req.method,
      path: req.path,
      params: truncated ? {} : { ...((req.body as FormParams | undefined) ?? {}) },
      rawBody,
      truncated,
      authOk: isAuthorized(req),
    };
    pushBounded(requests, request, limits.maxRecords);
    next();
  });
  for (const route of routes.filter((r) => r.public)) router[route.method](`${ACCOUNT_PATH}${route.path}`, route.handle);
  router.use(`/${API_VERSION}`, (req, res, next) => {
    if (isAuthorized(req)) return next();
    res.setHeader("WWW-Authenticate", 'Basic realm="Twilio API"');
    sendError(res, new TwilioApiError(401, 20003, "Authenticate"));
  });
  for (const route of routes.filter((r) => !r.public)) {
    router[route.method](`${ACCOUNT_PATH}${route.path}`, (req: Request<Record<string, string>>, res: Response, next: NextFunction) => {
      if (req.params.AccountSid !== accountSid) {
        res.setHeader("WWW-Authenticate", 'Basic realm="Twilio API"');
        throw new TwilioApiError(401, 20003, "Authenticate");
      }
      route.handle(req, res, next);
    });
  }

  router.use(`/${API_VERSION}`, (req, res) => sendError(res, notFound(req)));
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err instanceof TwilioApiError) return sendError(res, err);
    const status = (err as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      return sendError(res, new TwilioApiError(status, 20001, (err as Error).message));
    }
    logger.error({ err }, "fake Twilio failed on a request");
    sendError(res, new TwilioApiError(500, 20500, "Internal Server Error"));
  });
  return router;
}

function hasBasicAuth(req: Request, credentials: string): boolean {
  const match = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? "");
  if (!match) return false;
  const given = Buffer.from(Buffer.from(match[1], "base64").toString("utf8"));
  const expected = Buffer.from(credentials);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A router served at "/" on an HTTP server of its own. */
export class Listener {
  private httpServer?: HttpServer;

  /** Listens on `host` (a free port with 0) and resolves the base URL. */
  async listen(router: express.Router, port: number, host: string): Promise<string> {
    if (this.httpServer) throw new Error("FakeTwilio is already listening");
    const app = express();
    app.disable("x-powered-by");
    app.use(router);
    const server = createServer(app);
    this.httpServer = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    const { port: actual } = server.address() as AddressInfo;
    return `http://${host.includes(":") ? `[${host}]` : host}:${actual}`;
  }

  /** Stops listening. Safe to call twice, or without listen(). */
  async close(): Promise<void> {
    const server = this.httpServer;
    this.httpServer = undefined;
    if (server?.listening) {
      // The SDK keeps connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
