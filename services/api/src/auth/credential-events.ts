import type { Types } from "mongoose";
import type { Deps } from "../platform/deps.js";

/**
 * Credentials that stopped being valid: sessions signed out, all of an agent's sessions, an API key revoked. Every
 * replica hears it (the event bus) and closes the sockets that authenticated with them (app/socket-credentials.ts).
 */
export const CREDENTIALS_REVOKED = "CREDENTIALS_REVOKED";

export interface RevokedCredentials {
  sessionIds?: string[];
  agentId?: string;
  apiKeyId?: string;
}

declare module "../platform/pubsub.js" {
  interface Channels {
    [CREDENTIALS_REVOKED]: [accountId: string, payload: RevokedCredentials];
  }
}

export function publishRevoked(deps: Pick<Deps, "pubSub">, accountId: Types.ObjectId | string, revoked: RevokedCredentials): void {
  deps.pubSub.publish(CREDENTIALS_REVOKED, String(accountId), revoked);
}

/** Whether `revoked` covers the credential a socket authenticated with. */
export function covers(
  revoked: RevokedCredentials,
  viewer: { agentId?: Types.ObjectId; sessionId?: Types.ObjectId; apiKeyId?: Types.ObjectId },
): boolean {
  if (revoked.apiKeyId && viewer.apiKeyId) return revoked.apiKeyId === String(viewer.apiKeyId);
  if (revoked.agentId && viewer.agentId) return revoked.agentId === String(viewer.agentId);
  return !!viewer.sessionId && !!revoked.sessionIds?.includes(String(viewer.sessionId));
}
