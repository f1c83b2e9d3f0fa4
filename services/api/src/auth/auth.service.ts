import type { Types } from "mongoose";
import { getAccount } from "../accounts/account.service.js";
import type { Viewer } from "../platform/context.js";
import { AppError, ErrorCode, badInput, notFound, quote, unauthenticated } from "../platform/errors.js";
import { requireE164 } from "../platform/e164.js";
import { AgentModel, type Agent } from "./agent.model.js";
import { ApiKeyModel, type ApiKey } from "./api-key.model.js";
import type { Deps } from "../platform/deps.js";
import { parseObjectId } from "../platform/object-id.js";
import { publishRevoked } from "./credential-events.js";
import { issueDeviceToken, type LoginClient, type LoginThrottle } from "./login-throttle.js";
import { SessionModel } from "./session.model.js";
import { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from "./passwords.js";
import { API_KEY_PREFIX, SESSION_COOKIE, SESSION_TTL_SECONDS, generateApiKey, hashApiKey, signAgentToken, verifyAgentToken } from "./tokens.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createAgent(input: {
  accountId: Types.ObjectId | string;
  name?: string;
  email: string;
  password: string;
  phone?: string;
}): Promise<Agent> {
  const account = await getAccount(input.accountId);
  const email = input.email?.trim().toLowerCase();
  if (!email || !EMAIL.test(email)) throw badInput(`${quote(input.email)} is not an email address.`, "email");
  if (!input.password || input.password.length < MIN_PASSWORD_LENGTH) {
    throw badInput(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`, "password");
  }
  const phone = input.phone ? requireE164(input.phone, "phone", account.default_country) : undefined;
  try {
    const doc = await AgentModel.create({
      account_id: account._id,
      name: input.name?.trim() || email.split("@")[0],
      email,
      password_hash: await hashPassword(input.password),
      phone,
    });
    return doc.toObject();
  } catch (err) {
    if ((err as { code?: number }).code === 11000) {
      throw new AppError(ErrorCode.CONFLICT, `An agent with the email ${email} already exists.`, { field: "email" });
    }
    throw err;
  }
}

export interface LoginRequest {
  email: string;
  password: string;
  client: LoginClient & { userAgent?: string };
}

export interface LoginResult {
  token: string;
  agent: Agent;
  expiresAt: Date;
  /** The device cookie to set: this client is now known for this email (see login-throttle.ts). */
  deviceToken: string;
}

const tooMany = (retryAfterMs: number) => {
  const seconds = Math.ceil(retryAfterMs / 1000);
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return new AppError(ErrorCode.RATE_LIMITED, `Too many sign-in attempts: try again in ${wait}.`, { retryAfterSeconds: seconds });
};

/**
 * Signs an agent in: the attempt is counted (throttle) before anything is read or verified, then a session is
 * stored and a token naming it is signed. Wrong email and wrong password read the same.
 */
export async function login(input: LoginRequest, opts: { secret: string; throttle: LoginThrottle }): Promise<LoginResult> {
  const email = String(input.email ?? "")
    .trim()
    .toLowerCase();
  const attempt = await opts.throttle.begin(email, input.client);
  if ("retryAfterMs" in attempt) throw tooMany(attempt.retryAfterMs);
  const agent = await AgentModel.findOne({ email }).lean<Agent>().exec();
  const accountWait = agent ? await attempt.account(String(agent.account_id)) : undefined;
  if (accountWait) throw tooMany(accountWait.retryAfterMs);
  const ok = await verifyPassword(agent?.password_hash, String(input.password ?? ""));
  if (!agent || !ok) throw unauthenticated("The email or the password is wrong.");
  await attempt.succeeded();
  const { token, expiresAt } = await startSession(agent, opts.secret, input.client.userAgent);
  return { token, agent, expiresAt, deviceToken: issueDeviceToken(opts.secret, email) };
}

/** Stores a session for `agent` and signs its token (login, and tests that need a signed-in agent). */
export async function startSession(agent: Pick<Agent, "_id" | "account_id">, secret: string, userAgent?: string) {
  const now = Date.now();
  const expiresAt = new Date(now + SESSION_TTL_SECONDS * 1000);
  const dayAgo = new Date(now - 24 * 60 * 60 * 1000);
  await SessionModel.deleteMany({ agent_id: agent._id, $or: [{ expires_at: { $lt: dayAgo } }, { revoked_at: { $lt: dayAgo } }] }).exec();
  const session = await SessionModel.create({
    account_id: agent.account_id,
    agent_id: agent._id,
    expires_at: expiresAt,
    user_agent: userAgent?.slice(0, 256),
  });
  const token = await signAgentToken({ agentId: agent._id, accountId: agent.account_id, sessionId: session._id }, expiresAt, secret);
  return { token, expiresAt, sessionId: session._id };
}

/** Ends the caller's session: its token stops working everywhere, open sockets included. */
export async function logout(deps: Deps, viewer: Viewer): Promise<boolean> {
  if (!viewer.sessionId) return false;
  const res = await SessionModel.updateOne(
    { _id: viewer.sessionId, account_id: viewer.accountId, revoked_at: null },
    { revoked_at: new Date() },
  ).exec();
  publishRevoked(deps, viewer.accountId, { sessionIds: [String(viewer.sessionId)] });
  return res.modifiedCount > 0;
}

/** Ends every session of an agent (the caller's own with signOutEverywhere, any agent's from the admin CLI). */
export async function revokeAgentSessions(
  deps: Pick<Deps, "pubSub"> | undefined,
  accountId: Types.ObjectId,
  agentId: Types.ObjectId,
): Promise<number> {
  const res = await SessionModel.updateMany({ agent_id: agentId, account_id: accountId, revoked_at: null }, { revoked_at: new Date() }).exec();
  if (deps) publishRevoked(deps, accountId, { agentId: String(agentId) });
  return res.modifiedCount;
}

export async function createApiKey(accountId: Types.ObjectId | string, name?: string): Promise<{ id: string; key: string }> {
  const account = await getAccount(accountId);
  const trimmed = name?.trim();
  if (trimmed && trimmed.length > 100) throw badInput("An API key's name has at most 100 characters.", "name");
  const key = generateApiKey();
  const doc = await ApiKeyModel.create({
    account_id: account._id,
    key_hash: hashApiKey(key),
    prefix: key.slice(0, API_KEY_PREFIX.length + 6),
    name: trimmed || undefined,
  });
  return { id: String(doc._id), key };
}

/** The account's API keys, newest first: prefix, name, created, last used, revoked. Never the key. */
/** The account's agents by name, for pickers (an account has tens, a large one a few thousand: bounded). */
export async function listAgents(accountId: Types.ObjectId | string): Promise<Agent[]> {
  return AgentModel.find({ account_id: accountId }).sort({ name: 1, _id: 1 }).limit(5_000).lean<Agent[]>();
}

export async function listApiKeys(accountId: Types.ObjectId | string): Promise<ApiKey[]> {
  const account = await getAccount(accountId);
  return ApiKeyModel.find({ account_id: account._id }).sort({ _id: -1 }).limit(1000).lean<ApiKey[]>().exec();
}

/** Revokes one of the account's keys at once (its open sockets close); revoking twice keeps the first date. */
export async function revokeApiKey(deps: Pick<Deps, "pubSub"> | undefined, accountId: Types.ObjectId | string, id: string): Promise<ApiKey> {
  const keyId = parseObjectId(id, "API key id", "id");
  await ApiKeyModel.updateOne({ _id: keyId, account_id: accountId, revoked_at: null }, { revoked_at: new Date() }).exec();
  const key = await ApiKeyModel.findOne({ _id: keyId, account_id: accountId }).lean<ApiKey>().exec();
  if (!key) throw notFound("API key", id);
  if (deps) publishRevoked(deps, key.account_id, { apiKeyId: id });
  return key;
}

/** The result of reading a request's credentials: a viewer, nobody, or a credential that did not check out. */
export type Authentication = { viewer: Viewer; expiresAt?: Date } | { viewer: null; error?: string };

/** last_used_at is written at most this often per key: a busy service does not turn every request into a write. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Reads `Authorization: Bearer <agent token | API key>`, else the session cookie. An agent token counts only while
 * its session is live and its agent exists (revoking or deleting stops it at once).
 */
export async function authenticate(credentials: { authorization?: string; cookie?: string }, secret: string): Promise<Authentication> {
  const bearer = credentials.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (credentials.authorization && !bearer) {
    return { viewer: null, error: "The Authorization header must read `Bearer <token>`." };
  }
  const token = bearer ?? readCookie(credentials.cookie, SESSION_COOKIE);
  if (!token) return { viewer: null };

  if (token.startsWith(API_KEY_PREFIX)) {
    const key = await ApiKeyModel.findOne({ key_hash: hashApiKey(token) })
      .lean()
      .exec();
    if (!key || key.revoked_at) return { viewer: null, error: "This API key is unknown or revoked." };
    const now = new Date();
    if (!key.last_used_at || now.getTime() - key.last_used_at.getTime() > LAST_USED_GRANULARITY_MS) {
      // Not awaited: a lost write only makes "last used" a minute older.
      void ApiKeyModel.updateOne({ _id: key._id }, { last_used_at: now })
        .exec()
        .catch(() => {});
    }
    return { viewer: { accountId: key.account_id, apiKeyId: key._id } };
  }

  const claims = await verifyAgentToken(token, secret);
  if (!claims) return { viewer: null, error: "Your session expired or its token is invalid: sign in again." };
  const [session, agent] = await Promise.all([
    SessionModel.findOne({ _id: claims.sessionId, agent_id: claims.agentId, account_id: claims.accountId }).lean().exec(),
    AgentModel.exists({ _id: claims.agentId, account_id: claims.accountId }).exec(),
  ]);
  if (!agent) return { viewer: null, error: "This agent no longer exists: sign in again." };
  if (!session || session.revoked_at || session.expires_at <= new Date()) {
    return { viewer: null, error: "This session was signed out: sign in again." };
  }
  return { viewer: { accountId: claims.accountId, agentId: claims.agentId, sessionId: claims.sessionId }, expiresAt: claims.expiresAt };
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        // A broken %-escape is no cookie this server set: read as it is, it fails verification like any bad token.
        return value;
      }
    }
  }
  return undefined;
}
