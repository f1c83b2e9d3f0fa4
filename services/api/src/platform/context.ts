import type { Request, Response } from "express";
import type { Types } from "mongoose";
import type { Config } from "./config.js";
import type { Deps } from "./deps.js";
import { unauthenticated } from "./errors.js";
import type { Loaders } from "./loaders.js";
import type { Logger } from "./logger.js";

/** Who is calling: an agent (signed in) or another service (API key). Always one account. */
export interface Viewer {
  accountId: Types.ObjectId;
  agentId?: Types.ObjectId;
  /** The agent's server-side session (logout ends it). */
  sessionId?: Types.ObjectId;
  apiKeyId?: Types.ObjectId;
}

/** What every resolver receives; app/context.ts builds it for each request and each subscription. */
export interface Context {
  viewer: Viewer | null;
  /** Why credentials that were presented did not authenticate (expired token, revoked key). */
  authError?: string;
  /** Per-request DataLoaders, scoped to the viewer's account: `ctx.loaders.get(contactById)`. */
  loaders: Loaders;
  config: Config;
  logger: Logger;
  deps: Deps;
  /** Present for HTTP requests (not for subscriptions): lets `login` set its cookie. */
  res?: Response;
  req?: Request;
}

/** The caller, or UNAUTHENTICATED. Every resolver that touches account data starts here. */
/** Who did it, as a document records it: `{ agent_id }`, `{ api_key_id }` for an API key, or nothing. */
export const actorOf = (viewer: Viewer): { agent_id?: Types.ObjectId; api_key_id?: Types.ObjectId } =>
  viewer.agentId ? { agent_id: viewer.agentId } : viewer.apiKeyId ? { api_key_id: viewer.apiKeyId } : {};

export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated(ctx.authError);
  return ctx.viewer;
}
