import { createHash, randomBytes } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { Types } from "mongoose";

export const SESSION_COOKIE = "td_session";
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;
export const API_KEY_PREFIX = "tdk_";

export interface AgentClaims {
  agentId: Types.ObjectId;
  accountId: Types.ObjectId;
}

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signAgentToken(claims: AgentClaims, secret: string): Promise<string> {
  return new SignJWT({ acc: String(claims.accountId) })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(String(claims.agentId))
    .setIssuedAt()
    .setExpirationTime(`${SESSION_TTL_SECONDS}s`)
    .sign(key(secret));
}

/** The claims of a valid, unexpired agent token; undefined for anything else. */
export async function verifyAgentToken(token: string, secret: string): Promise<AgentClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ["HS256"] });
    if (typeof payload.sub !== "string" || typeof payload.acc !== "string") return undefined;
    if (!Types.ObjectId.isValid(payload.sub) || !Types.ObjectId.isValid(payload.acc)) return undefined;
    return { agentId: new Types.ObjectId(payload.sub), accountId: new Types.ObjectId(payload.acc) };
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
