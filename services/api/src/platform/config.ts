import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The repository root (services/api/src/platform → ../../../..), where `.env` and `.data/` live. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

const DEV_SESSION_SECRET = "dev-only-session-secret-change-me-in-production-0123456789";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const url = (how: string) => optionalString.refine((v) => v === undefined || URL.canParse(v), { message: `must be a URL, ${how}` });

/**
 * Every setting the API reads, declared once with how to fix it. Nothing else reads process.env.
 */
const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce
      .number({ message: "must be a number, e.g. PORT=4000" })
      .int()
      .min(0)
      .max(65535, { message: "must be a TCP port between 0 and 65535, e.g. PORT=4000" })
      .default(4000),
    HOST: optionalString,
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    MONGODB_URI: optionalString.refine((v) => v === undefined || /^mongodb(\+srv)?:\/\/.+/.test(v), {
      message:
        "must start with mongodb:// or mongodb+srv://, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/talkdesk (or unset it to use the embedded database)",
    }),
    MONGODB_DB: optionalString,
    REDIS_URL: optionalString.refine((v) => v === undefined || /^rediss?:\/\/.+/.test(v), {
      message: "must start with redis:// or rediss://, e.g. REDIS_URL=redis://127.0.0.1:6379 (or unset it for in-memory events)",
    }),
    PUBLIC_URL: url("the address Twilio calls, e.g. PUBLIC_URL=https://sms.example.com"),
    WEB_ORIGIN: url("the web console's origin, e.g. WEB_ORIGIN=http://localhost:3000").default("http://localhost:3000"),
    TWILIO_ACCOUNT_SID: optionalString.refine((v) => v === undefined || /^AC[0-9a-fA-F]{32}$/.test(v), {
      message: "must be AC followed by 32 hex characters (Twilio Console → Account Info), or unset to use the built-in simulator",
    }),
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_API_URL: url("e.g. TWILIO_API_URL=http://127.0.0.1:4010 to send the Twilio SDK's requests there"),
    SESSION_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
      message: "must be at least 32 characters; generate one with: openssl rand -hex 32",
    }),
    TRUST_PROXY: optionalString.refine((v) => v === undefined || v !== "true", {
      message:
        "must name the proxies in front of the API, not trust every client: a hop count (TRUST_PROXY=1), loopback, uniquelocal or addresses/subnets (TRUST_PROXY=10.0.0.0/8,127.0.0.1)",
    }),
    DATA_DIR: optionalString,
    INGEST_QUEUE_PATH: optionalString,
    METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, {
      message: "must be at least 16 characters (Prometheus sends it as Authorization: Bearer <token>); generate one with: openssl rand -hex 16",
    }),
    SEED_ON_EMPTY: optionalString,
    GRAPHQL_INTROSPECTION: optionalString.refine((v) => v === undefined || v === "true" || v === "false", {
      message: "must be true or false (default: true in development only)",
    }),
  })
  .superRefine((c, ctx) => {
    if (c.TWILIO_ACCOUNT_SID && !c.TWILIO_AUTH_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["TWILIO_AUTH_TOKEN"],
        message: "is required when TWILIO_ACCOUNT_SID is set (Twilio Console → Account Info → Auth Token)",
      });
    }
    if (c.TWILIO_AUTH_TOKEN && !c.TWILIO_ACCOUNT_SID) {
      ctx.addIssue({
        code: "custom",
        path: ["TWILIO_ACCOUNT_SID"],
        message: "is required when TWILIO_AUTH_TOKEN is set (Twilio Console → Account Info → Account SID)",
      });
    }
    if (c.NODE_ENV !== "development" && !c.SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: `is required in ${c.NODE_ENV}; generate one with: openssl rand -hex 32`,
      });
    }
    if (c.NODE_ENV !== "development" && c.SESSION_SECRET === DEV_SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "is the development secret, which is public (it is in the source): generate your own with openssl rand -hex 32",
      });
    }
    if (c.NODE_ENV === "production" && !c.TWILIO_ACCOUNT_SID) {
      ctx.addIssue({
        code: "custom",
        path: ["TWILIO_ACCOUNT_SID"],
        message: "is required in production (the built-in Twilio simulator is for development only)",
      });
    }
    if (c.NODE_ENV === "production" && !c.PUBLIC_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["PUBLIC_URL"],
        message: "is required in production: the https address Twilio calls for webhooks",
      });
    }
  });

export interface Config {
  nodeEnv: "development" | "test" | "production";
  port: number;
  /**
   * The interface to listen on: 127.0.0.1 (this machine only) in development, where the Twilio simulator answers without
   * authentication; 0.0.0.0 (every interface) otherwise, as a container must be reachable. HOST wins.
   */
  host: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Undefined: use the embedded database (mongodb-memory-server, else a local ferretdb). */
  mongodbUri?: string;
  mongodbDb?: string;
  redisUrl?: string;
  /** The base URL Twilio calls; webhook signatures are checked against it. */
  publicUrl: string;
  webOrigin: string;
  twilio?: { accountSid: string; authToken: string; apiUrl?: string };
  sessionSecret: string;
  dataDir: string;
  /** This replica's durable webhook queue (SQLite): DATA_DIR/ingest/queue.sqlite unless INGEST_QUEUE_PATH says. */
  ingestQueuePath: string;
  /** /metrics needs `Authorization: Bearer <it>`; without it /metrics is served in development only. */
  metricsToken?: string;
  seedOnEmpty: boolean;
  /**
   * Express's "trust proxy": which proxies' X-Forwarded-For is believed for the client's IP (sign-in throttling).
   * false (the default): the socket's peer address; a hop count or a list of addresses/subnets otherwise.
   */
  trustProxy: boolean | number | string;
  /** Schema introspection and Apollo Sandbox: development only, unless GRAPHQL_INTROSPECTION says otherwise. */
  introspection: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(
      `The API cannot start: its configuration is invalid.\n${problems.map((p) => `  - ${p}`).join("\n")}\n` +
        `Set these in the environment or in .env at the repository root (see .env.example).`,
    );
    this.name = "ConfigError";
  }
}

export interface ConfigDefaults {
  /**
   * NODE_ENV when the environment does not say. The API server passes "production" unless it was started with
   * `--dev` (`npm run dev`): the built server behaves as production unless told otherwise. The developer CLIs (seed,
   * sms, admin, schema) default to development.
   */
  nodeEnv?: "development" | "production";
}

/** Parses and validates configuration. Throws ConfigError with one sentence per problem. */
export function parseConfig(env: Record<string, string | undefined>, defaults: ConfigDefaults = {}): Config {
  const result = ConfigSchema.safeParse({ ...env, NODE_ENV: env.NODE_ENV || defaults.nodeEnv });
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "config"} ${i.message}`));
  }
  const c = result.data;
  return {
    nodeEnv: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST ?? (c.NODE_ENV === "development" ? "127.0.0.1" : "0.0.0.0"),
    logLevel: c.LOG_LEVEL,
    mongodbUri: c.MONGODB_URI,
    mongodbDb: c.MONGODB_DB,
    redisUrl: c.REDIS_URL,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ""),
    webOrigin: c.WEB_ORIGIN.replace(/\/+$/, ""),
    twilio:
      c.TWILIO_ACCOUNT_SID && c.TWILIO_AUTH_TOKEN
        ? { accountSid: c.TWILIO_ACCOUNT_SID, authToken: c.TWILIO_AUTH_TOKEN, apiUrl: c.TWILIO_API_URL }
        : undefined,
    sessionSecret: c.SESSION_SECRET ?? DEV_SESSION_SECRET,
    dataDir: path.resolve(REPO_ROOT, c.DATA_DIR ?? ".data"),
    ingestQueuePath: c.INGEST_QUEUE_PATH
      ? path.resolve(REPO_ROOT, c.INGEST_QUEUE_PATH)
      : path.resolve(REPO_ROOT, c.DATA_DIR ?? ".data", "ingest", "queue.sqlite"),
    metricsToken: c.METRICS_TOKEN,
    seedOnEmpty: c.SEED_ON_EMPTY ? c.SEED_ON_EMPTY !== "false" : c.NODE_ENV === "development",
    trustProxy:
      c.TRUST_PROXY === undefined || c.TRUST_PROXY === "false" ? false : /^\d+$/.test(c.TRUST_PROXY) ? Number(c.TRUST_PROXY) : c.TRUST_PROXY,
    introspection: c.GRAPHQL_INTROSPECTION ? c.GRAPHQL_INTROSPECTION === "true" : c.NODE_ENV === "development",
  };
}

/** Reads `.env` at the repository root (if present) into process.env, then validates. */
export function loadConfig(defaults: ConfigDefaults = {}): Config {
  const envFile = path.join(REPO_ROOT, ".env");
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env, defaults);
}
