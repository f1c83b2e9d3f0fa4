import "reflect-metadata";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { specifiedRules, validate } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { pinoHttp } from "pino-http";
import { WebSocketServer } from "ws";
import { authenticate } from "./auth/auth.service.js";
import type { Config } from "./platform/config.js";
import { buildContext, type Context } from "./platform/context.js";
import { allowOrigin } from "./platform/cors.js";
import { depthLimit } from "./platform/depth-limit.js";
import { pingDatabase } from "./platform/database.js";
import { AppError } from "./platform/errors.js";
import { createLogger, type Logger } from "./platform/logger.js";
import type { Deps } from "./platform/deps.js";
import { createEventBus } from "./platform/pubsub.js";
import { buildAppSchema } from "./platform/schema.js";
import { createTwilioClient } from "./platform/twilio-client.js";
import { smsWebhooks } from "./sms/twilio-webhooks.js";
import { voiceWebhooks } from "./calls/voice-webhooks.js";
import { mountSimulator } from "./twilio-simulator/simulator-routes.js";
// eslint-disable-next-line no-restricted-imports -- loaded statically as before the move, until the simulator is mounted from dev/
import { simulatorCredentials } from "@talkdesk-sms/twilio-simulator";

export interface Server {
  app: express.Express;
  deps: Deps;
  httpServer: HttpServer;
  /** Listens and resolves with the base URL (http://host:port). Port 0 picks a free port. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops taking requests, lets running ones finish, closes WebSockets. Leaves the database connection open. */
  close(): Promise<void>;
}

/**
 * Builds the whole service: Express 5, Apollo Server 5 on /graphql, graphql-ws on the same path and port, /healthz.
 * The database must be connected first (see platform/database.ts); main.ts only listens.
 */
export async function createServer(opts: { config: Config; logger?: Logger }): Promise<Server> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger(config);
  const events = createEventBus({ redisUrl: config.redisUrl, logger });
  const schema = await buildAppSchema(events.pubSub);
  const app = express();
  const httpServer = createHttpServer(app);

  // Real Twilio when configured; otherwise the built-in simulator, which the same SDK calls over HTTP on this server.
  const simulated = !config.twilio;
  const twilioAccount = config.twilio ?? simulatorCredentials();
  let selfUrl: string | undefined;
  let twilioClient: Deps["twilio"] | undefined;
  const deps: Deps = {
    config,
    logger,
    pubSub: events.pubSub,
    twilioAccount: { accountSid: twilioAccount.accountSid, authToken: twilioAccount.authToken },
    get twilio() {
      twilioClient ??= createTwilioClient({
        ...twilioAccount,
        apiUrl: simulated ? `${selfUrl ?? config.publicUrl}/dev/twilio` : config.twilio?.apiUrl,
      });
      return twilioClient;
    },
  };

  app.disable("x-powered-by");
  app.set("trust proxy", true);
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === "/healthz" },
      quietReqLogger: true,
      // Method, path and status only: headers carry tokens and cookies.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  app.get("/healthz", async (_req, res) => {
    const database = (await pingDatabase()) ? "up" : "down";
    res.status(database === "up" ? 200 : 503).json({ status: database === "up" ? "ok" : "degraded", database });
  });

  app.use("/webhooks/twilio/voice", voiceWebhooks(deps));
  app.use("/webhooks/twilio", smsWebhooks(deps));
  const simulator = simulated && config.nodeEnv !== "production" ? mountSimulator(app, deps) : undefined;

  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql" });
  type SocketExtra = { request: import("node:http").IncomingMessage; auth?: Awaited<ReturnType<typeof authenticate>> };
  const wsCleanup = useServer<{ authorization?: string }, SocketExtra>(
    {
      schema,
      validate: (schema, document) => validate(schema, document, [...specifiedRules, depthLimit()]),
      // Authenticated once per socket, from connection_init's { authorization: "Bearer ..." } or the cookie.
      onConnect: async (ctx) => {
        const auth = await authenticate(
          { authorization: ctx.connectionParams?.authorization, cookie: ctx.extra.request.headers.cookie },
          config.sessionSecret,
        );
        ctx.extra.auth = auth;
        // Refuse the socket outright (4403): a subscription without an account could never be scoped.
        return auth.viewer !== null;
      },
      context: (ctx) => {
        const auth = ctx.extra.auth ?? { viewer: null };
        return buildContext({ viewer: auth.viewer, authError: "error" in auth ? auth.error : undefined, config, logger, deps }, { cache: false });
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    validationRules: [depthLimit()],
    // main.ts owns SIGTERM/SIGINT (it closes the server, then the database); Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: config.nodeEnv !== "production",
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      config.nodeEnv === "production"
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ footer: false, includeCookies: true }),
    ],
    formatError: (formatted, error) => {
      const original = (error as { originalError?: unknown }).originalError;
      if (!(original instanceof AppError) && !formatted.extensions?.code?.toString().match(/^(GRAPHQL_|BAD_USER_INPUT|PERSISTED)/)) {
        logger.error({ err: original ?? error }, "unexpected GraphQL error");
      }
      return formatted;
    },
  });
  await apollo.start();

  app.use(
    "/graphql",
    // Browsers of the web console (another origin in development) may call with cookies.
    allowOrigin(config.webOrigin, { credentials: true, headers: "content-type, authorization, apollo-require-preflight" }),
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const auth = await authenticate({ authorization: req.headers.authorization, cookie: req.headers.cookie }, config.sessionSecret);
        return buildContext({ viewer: auth.viewer, authError: "error" in auth ? auth.error : undefined, config, logger: req.log, deps, req, res });
      },
    }),
  );

  let closed = false;
  return {
    app,
    deps,
    httpServer,
    listen: (port = config.port, host = "0.0.0.0") =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const { port: actual } = httpServer.address() as AddressInfo;
          selfUrl = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${actual}`;
          resolve(selfUrl);
        });
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      simulator?.close();
      // Subscriptions first: their upgraded sockets would otherwise hold the HTTP drain for its whole grace period.
      await wsCleanup.dispose();
      for (const socket of wsServer.clients) socket.terminate();
      // Apollo's drain plugin stops the HTTP server and waits for requests in flight; keep-alive connections left
      // idle (the Twilio SDK keeps them) must not hold the process open after that.
      const idle = setTimeout(() => httpServer.closeAllConnections(), 5_000);
      await apollo.stop();
      clearTimeout(idle);
      httpServer.closeAllConnections();
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
      // After the server: a subscriber still draining must not hit a closed Redis connection.
      await events.close();
    },
  };
}
