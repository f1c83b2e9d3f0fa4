import type { Types } from "mongoose";
import { getAccount } from "../accounts/account.service.js";
import type { Viewer } from "../platform/context.js";
import { AppError, ErrorCode, badInput, unauthenticated } from "../platform/errors.js";
import { requireE164 } from "../platform/e164.js";
import { AgentModel, type Agent } from "./agent.model.js";
import { ApiKeyModel } from "./api-key.model.js";
import { clearLoginFailures, loginBlockedFor, recordLoginFailure } from "./login-throttle.js";
import { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from "./passwords.js";
import { API_KEY_PREFIX, SESSION_COOKIE, generateApiKey, hashApiKey, signAgentToken, verifyAgentToken } from "./tokens.js";

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
  if (!email || !EMAIL.test(email)) throw badInput(`"${input.email}" is not an email address.`, "email");
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

export async function login(email: string, password: string, secret: string): Promise<{ token: string; agent: Agent }> {
  const normalised = String(email ?? "")
    .trim()
    .toLowerCase();
  const wait = loginBlockedFor(normalised);
  if (wait > 0) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, `Too many failed sign-ins for this email: try again in ${Math.ceil(wait / 60)} minutes.`, {
      retryAfterSeconds: wait,
    });
  }
  const agent = await AgentModel.findOne({ email: normalised }).lean<Agent>().exec();
  const ok = await verifyPassword(agent?.password_hash, String(password ?? ""));
  if (!agent || !ok) {
    recordLoginFailure(normalised);
    throw unauthenticated("The email or the password is wrong.");
  }
  clearLoginFailures(normalised);
  const token = await signAgentToken({ agentId: agent._id, accountId: agent.account_id }, secret);
  return { token, agent };
}

export async function createApiKey(accountId: Types.ObjectId | string, name?: string): Promise<{ id: string; key: string }> {
  const account = await getAccount(accountId);
  const key = generateApiKey();
  const doc = await ApiKeyModel.create({
    account_id: account._id,
    key_hash: hashApiKey(key),
    prefix: key.slice(0, API_KEY_PREFIX.length + 6),
    name,
  });
  return { id: String(doc._id), key };
}

/** The result of reading a request's credentials: a viewer, nobody, or a credential that did not check out. */
export type Authentication = { viewer: Viewer } | { viewer: null; error?: string };

/**
 * Reads `Authorization: Bearer <agent token | API key>`, else the session cookie. An agent token must still name an
 * existing agent of its account (a deleted agent's token stops working at once).
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
    return { viewer: { accountId: key.account_id, apiKeyId: key._id } };
  }

  const claims = await verifyAgentToken(token, secret);
  if (!claims) return { viewer: null, error: "Your session expired or its token is invalid: sign in again." };
  const exists = await AgentModel.exists({ _id: claims.agentId, account_id: claims.accountId }).exec();
  if (!exists) return { viewer: null, error: "This agent no longer exists: sign in again." };
  return { viewer: { accountId: claims.accountId, agentId: claims.agentId } };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
