import "reflect-metadata";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { ExecutionResult } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import mongoose from "mongoose";
import { pinoHttp } from "pino-http";
import { WebSocketServer } from "ws";
import { authenticate } from "../auth/auth.service.js";
import { startPresence } from "../auth/presence.js";
import { LOGIN_IDLE_MS, LOGIN_MAX_DELAY_MS } from "../auth/login-throttle.js";
import { createBackoffLimiter } from "../platform/backoff-limiter.js";
import type { Config } from "../platform/config.js";
import type { Context } from "../platform/context.js";
import { allowOrigin } from "../platform/cors.js";
import { isDatabaseConnected, pingDatabase } from "../platform/database.js";
import { DurableQueue } from "../platform/durable-queue.js";
import { IngestDrainer } from "../platform/ingest-drainer.js";
import { createMetrics } from "../platform/metrics.js";
import { unavailable } from "../platform/errors.js";
import { isDatabaseUnreachable } from "../platform/mongo-errors.js";
import { createLogger, type Logger } from "../platform/logger.js";
import type { Deps } from "../platform/deps.js";
import { createEventBus } from "../platform/pubsub.js";
import { sharedSubscribe } from "../platform/shared-subscription.js";
import { createTwilioClient } from "../twilio/client.js";
import { isPermanentWebhookError } from "../twilio/webhook-router.js";
import { startLostSendReconciler } from "../sms/send-reconciler.js";
import { startSnoozeSweep } from "../conversations/team-inbox.service.js";
import { startScheduledSmsSweep } from "../sms/scheduled-sms.service.js";
import { smsWebhooks } from "../sms/sms.webhooks.js";
import { voiceWebhooks } from "../calls/voice.webhooks.js";
import { buildContext } from "./context.js";
import { formatGraphQLError, maskSubscriptionErrors, unexpectedErrorsPlugin } from "./graphql-errors.js";
import { operationLimitsPlugin, limitedSubscribe, limitRules, parseOptions } from "./graphql-limits.js";
import { loadDevelopmentTools } from "./development.js";
import { buildAppSchema } from "./schema.js";
import { watchSocketCredential } from "./socket-credentials.js";

const MAX_WS_PAYLOAD = 256 * 1024;

export interface Server {
  app: express.Express;
  deps: Deps;
  httpServer: HttpServer;
  /** Listens (on PORT and HOST by default) and resolves with the base URL (http://host:port). Port 0 picks a free port. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops taking requests, lets running ones finish, closes WebSockets. Leaves the database connection open. */
  close(): Promise<void>;
}

/** Where this process reaches a server listening on `host`: loopback for every interface, IPv6 in brackets. */
function reachableHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Builds the whole service: Express 5, Apollo Server 5 on /graphql, graphql-ws on the same path and port, /healthz.
 * The database must be connected first (see platform/database.ts); main.ts only listens.
 */
export async function createServer(opts: {
  config: Config;
  logger?: Logger;
  /** How often open sockets re-check their credential (default SOCKET_RECHECK_MS); tests shorten it. */
  socketRecheckMs?: number;
  /** How often a replica looks for sends whose outcome was lost (default a minute); tests shorten it. */
  reconcileEveryMs?: number;
  /** How often a replica ends due snoozes (default 15 s), and its clock; tests shorten and inject them. */
  snoozeSweepEveryMs?: number;
  /** How often a replica sends due scheduled SMS (default 5 s). */
  scheduledSmsSweepEveryMs?: number;
  now?: () => Date;
}): Promise<Server> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger(config);
  const events = createEventBus({ redisUrl: config.redisUrl, logger });
  const schema = await buildAppSchema(events.pubSub);
  const app = express();
  const httpServer = createHttpServer(app);

  // Real Twilio when configured; in development without credentials, the built-in simulator, which the same SDK calls
  // over HTTP on this server, with an AuthToken random per start. In production without credentials nothing can be
  // sent, and no webhook can be forged: the token they would be signed with is random.
  const simulated = !config.twilio && config.nodeEnv !== "production";
  // Moved only by the simulator's /dev/clock (development): 0 everywhere else.
  let devClockOffsetMs = 0;
  const development = simulated ? await loadDevelopmentTools() : undefined;
  const twilioAccount = config.twilio ?? development?.simulatorCredentials() ?? { accountSid: "", authToken: randomBytes(32).toString("hex") };
  if (!config.twilio && !simulated)
    logger.warn("No TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN: SMS and calls cannot be sent, and every Twilio webhook is refused.");
  let selfUrl: string | undefined;
  let twilioClient: Deps["twilio"] | undefined;
  // Sign-in counters: in Redis when replicas share one, keyed by the database so deployments (and test files) on the
  // same Redis keep their own.
  const limiter = createBackoffLimiter({
    redisUrl: config.redisUrl,
    logger,
    prefix: `backoff:${mongoose.connection.name ?? "default"}:`,
    maxDelayMs: LOGIN_MAX_DELAY_MS,
    idleMs: LOGIN_IDLE_MS,
  });
  // Webhooks that record something are durable on this replica's disk before they are acknowledged; the drainer
  // applies them to the database (now, or when it answers again).
  const queue = new DurableQueue(config.ingestQueuePath);
  const metrics = createMetrics(() => queue.stats());
  const ingest = new IngestDrainer({ queue, logger, metrics, isPermanent: isPermanentWebhookError, databaseUp: isDatabaseConnected });
  const deps: Deps = {
    config,
    logger,
    pubSub: events.pubSub,
    limiter,
    ingest,
    metrics,
    twilioAccount: { accountSid: twilioAccount.accountSid, authToken: twilioAccount.authToken },
    now: opts.now ?? (() => new Date(Date.now() + devClockOffsetMs)),
    get twilio() {
      twilioClient ??= createTwilioClient({
        ...twilioAccount,
        apiUrl: simulated ? `${selfUrl ?? config.publicUrl}/dev/twilio` : config.twilio?.apiUrl,
      });
      return twilioClient;
    },
  };

  // Unexpected errors reach clients as a generic sentence and a request id, except in development.
  const maskErrors = config.nodeEnv !== "development";

  app.disable("x-powered-by");
  // req.ip reads X-Forwarded-For only from the proxies TRUST_PROXY names: anyone else could claim any address.
  app.set("trust proxy", config.trustProxy);
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === "/healthz" },
      quietReqLogger: true,
      // One id per request, in every log line of it and in the X-Request-Id answer header (masked errors quote it).
      genReqId: (req, res) => {
        const given = req.headers["x-request-id"];
        const id = typeof given === "string" && /^[\w.:-]{8,128}$/.test(given) ? given : randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      // Method, path and status only: headers carry tokens and cookies.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  // 200 while degraded: this replica still takes webhooks (they queue), so a load balancer must keep sending them.
  app.get("/healthz", async (_req, res) => {
    const database = (await pingDatabase()) ? "up" : "down";
    const { depth, oldestReceivedAt, parked } = queue.stats();
    res.json({
      status: database === "up" ? "ok" : "degraded",
      database,
      queue: { depth, oldestAgeSeconds: oldestReceivedAt ? Math.round((Date.now() - oldestReceivedAt) / 1000) : 0, parked },
    });
  });
  // Prometheus: with METRICS_TOKEN as a bearer token; without one, in development only.
  app.get("/metrics", async (req, res) => {
    const allowed = config.metricsToken ? req.headers.authorization === `Bearer ${config.metricsToken}` : config.nodeEnv === "development";
    if (!allowed) {
      res
        .status(config.metricsToken ? 401 : 404)
        .type("text/plain")
        .send(config.metricsToken ? "Send Authorization: Bearer <METRICS_TOKEN>." : "Not found.");
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.use(smsWebhooks(deps), voiceWebhooks(deps));
  const stopReconciler = startLostSendReconciler(deps, opts.reconcileEveryMs ?? 60_000);
  const snoozeSweep = startSnoozeSweep(deps, { everyMs: opts.snoozeSweepEveryMs ?? 15_000, now: deps.now });
  const scheduledSmsSweep = startScheduledSmsSweep(deps, { everyMs: opts.scheduledSmsSweepEveryMs ?? 5_000 });
  // Agents with an open console socket are online (round-robin assignment chooses among them).
  const presence = startPresence(logger);
  const simulator = development?.mountSimulator(app, deps, {
    advance: (ms) => {
      devClockOffsetMs += Math.max(0, ms);
      return deps.now();
    },
  });

  // A graphql-ws message is an operation or its variables: far below HTTP's 1 MB body limit. Larger frames are refused
  // (1009) before anything reads them, authenticated or not.
  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: MAX_WS_PAYLOAD });
  // Browsers send the session cookie with a WebSocket from any page (there is no CORS for sockets): a socket that
  // authenticates by cookie must come from the console's origin or the API's own (Sandbox). Bearer tokens are never
  // sent by a browser on its own, so they need no Origin check.
  const cookieOrigins = new Set([config.webOrigin, new URL(config.publicUrl).origin]);
  type SocketExtra = { request: import("node:http").IncomingMessage; auth?: Awaited<ReturnType<typeof authenticate>>; socketId?: string };
  const wsCleanup = useServer<{ authorization?: string }, SocketExtra>(
    {
      schema,
      onSubscribe: limitedSubscribe(schema, config.introspection),
      // An event reaches every console of the account: the subscribers of one account with the same operation share
      // one execution of it. Shared executions see only the account (no agent, session or key): a payload never
      // depends on which of the account's viewers receives it.
      subscribe: sharedSubscribe((contextValue) => {
        const context = contextValue as Context;
        return context.viewer
          ? { key: String(context.viewer.accountId), contextValue: { ...context, viewer: { accountId: context.viewer.accountId } } }
          : null;
      }),
      // Authenticated once per socket, from connection_init's { authorization: "Bearer ..." } or the cookie.
      onConnect: async (ctx) => {
        const byCookie = !ctx.connectionParams?.authorization;
        const origin = ctx.extra.request.headers.origin;
        if (byCookie && (!origin || !cookieOrigins.has(origin))) {
          logger.warn({ origin }, "WebSocket refused: cookie authentication from another origin");
          return false;
        }
        const auth = await authenticate(
          { authorization: ctx.connectionParams?.authorization, cookie: ctx.extra.request.headers.cookie },
          config.sessionSecret,
        );
        ctx.extra.auth = auth;
        ctx.extra.socketId = randomUUID();
        if (auth.viewer) {
          watchSocketCredential({
            socket: ctx.extra.socket,
            auth,
            recheck: () =>
              authenticate({ authorization: ctx.connectionParams?.authorization, cookie: ctx.extra.request.headers.cookie }, config.sessionSecret),
            pubSub: events.pubSub,
            logger,
            recheckMs: opts.socketRecheckMs,
          });
        }
        if (auth.viewer) await presence.connected(ctx.extra.socketId, auth.viewer);
        // Refuse the socket outright (4403): a subscription without an account could never be scoped.
        return auth.viewer !== null;
      },
      onClose: async (ctx) => {
        if (ctx.extra.socketId) await presence.closed(ctx.extra.socketId);
      },
      onNext: (ctx, _id, _payload, _args, result) =>
        maskSubscriptionErrors(result as ExecutionResult, { mask: maskErrors, logger, socketId: ctx.extra.socketId ?? "" }),
      context: (ctx) => {
        const auth = ctx.extra.auth ?? { viewer: null };
        return buildContext({ viewer: auth.viewer, authError: "error" in auth ? auth.error : undefined, config, logger, deps }, { cache: false });
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    parseOptions,
    validationRules: limitRules(config.introspection),
    // main.ts owns SIGTERM/SIGINT (it closes the server, then the database); Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: config.nodeEnv === "development",
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      unexpectedErrorsPlugin(),
      operationLimitsPlugin(schema),
      // Sandbox only where the schema may be read.
      config.introspection
        ? ApolloServerPluginLandingPageLocalDefault({ footer: false, includeCookies: true })
        : ApolloServerPluginLandingPageDisabled(),
    ],
    formatError: formatGraphQLError(maskErrors),
  });
  await apollo.start();

  app.use(
    "/graphql",
    // Browsers of the web console (another origin in development) may call with cookies.
    allowOrigin(config.webOrigin, { credentials: true, headers: "content-type, authorization, apollo-require-preflight" }),
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        // Every operation needs the database (credentials are checked there): without it, say so at once.
        if (!isDatabaseConnected()) throw unavailable();
        const auth = await authenticate({ authorization: req.headers.authorization, cookie: req.headers.cookie }, config.sessionSecret).catch(
          (err: unknown) => {
            throw isDatabaseUnreachable(err) ? unavailable() : err;
          },
        );
        return buildContext({ viewer: auth.viewer, authError: "error" in auth ? auth.error : undefined, config, logger: req.log, deps, req, res });
      },
    }),
  );

  let closed = false;
  return {
    app,
    deps,
    httpServer,
    listen: (port = config.port, host = config.host) =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const { port: actual } = httpServer.address() as AddressInfo;
          selfUrl = `http://${reachableHost(host)}:${actual}`;
          // What a previous process left queued is applied first.
          ingest.wake();
          resolve(selfUrl);
        });
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      simulator?.close();
      stopReconciler();
      snoozeSweep.stop();
      scheduledSmsSweep.stop();
      // Subscriptions first: their upgraded sockets would otherwise hold the HTTP drain for its whole grace period.
      await wsCleanup.dispose();
      for (const socket of wsServer.clients) socket.terminate();
      await presence.stop();
      // Apollo's drain plugin stops the HTTP server and waits for requests in flight; keep-alive connections left
      // idle (the Twilio SDK keeps them) must not hold the process open after that.
      const idle = setTimeout(() => httpServer.closeAllConnections(), 5_000);
      await apollo.stop();
      clearTimeout(idle);
      httpServer.closeAllConnections();
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
      // After the server: a subscriber still draining must not hit a closed Redis connection.
      // What is still queued stays on disk for the next start.
      await ingest.close();
      queue.close();
      await events.close();
      await limiter.close();
    },
  };
}
