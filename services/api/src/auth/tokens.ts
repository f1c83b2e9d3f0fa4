import { createHash, randomBytes } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { Types } from "mongoose";

export const SESSION_COOKIE = "td_session";
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;
export const API_KEY_PREFIX = "tdk_";

export interface AgentClaims {
  agentId: Types.ObjectId;
  accountId: Types.ObjectId;
  /** The server-side session the token belongs to (auth/session.model.ts). */
  sessionId: Types.ObjectId;
}

export interface VerifiedClaims extends AgentClaims {
  /** When the token stops being valid (its `exp`). */
  expiresAt: Date;
}

const key = (secret: string) => new TextEncoder().encode(secret);

/** A token for `claims`, valid until `expiresAt` (the session's end). */
export async function signAgentToken(claims: AgentClaims, expiresAt: Date, secret: string): Promise<string> {
  return new SignJWT({ acc: String(claims.accountId), sid: String(claims.sessionId) })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(String(claims.agentId))
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key(secret));
}

const isId = (v: unknown): v is string => typeof v === "string" && /^[0-9a-f]{24}$/i.test(v);

/** The claims of a valid, unexpired agent token that names its session; undefined for anything else. */
export async function verifyAgentToken(token: string, secret: string): Promise<VerifiedClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ["HS256"], requiredClaims: ["exp"] });
    if (!isId(payload.sub) || !isId(payload.acc) || !isId(payload.sid)) return undefined;
    return {
      agentId: new Types.ObjectId(payload.sub),
      accountId: new Types.ObjectId(payload.acc),
      sessionId: new Types.ObjectId(payload.sid),
      expiresAt: new Date(payload.exp! * 1000),
    };
  } catch {
    return undefined;
  }
}

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiKey(apiKey: string): string {
  return createHash("sha256").update(apiKey).digest("hex");
}
