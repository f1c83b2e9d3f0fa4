import type { WebSocket } from "ws";
import type { Authentication } from "../auth/auth.service.js";
import { CREDENTIALS_REVOKED, covers } from "../auth/credential-events.js";
import type { Logger } from "../platform/logger.js";
import type { AppPubSub } from "../platform/pubsub.js";

/** graphql-ws's "Unauthorized": clients do not retry it, they sign in again. */
const CLOSE_UNAUTHORIZED = 4401;
/** Every open socket's credential is checked again this often (a revocation event lost with Redis is caught here). */
const SOCKET_RECHECK_MS = 60_000;

/**
 * Keeps an authenticated socket honest for as long as it is open: it closes (4401, with the reason) when its token
 * expires, when the event bus says its session, agent or API key was revoked, and when a periodic re-check finds the
 * credential no longer valid (a deleted agent, a key revoked while events were not flowing).
 */
export function watchSocketCredential(opts: {
  socket: WebSocket;
  auth: Extract<Authentication, { viewer: object }>;
  recheck: () => Promise<Authentication>;
  pubSub: AppPubSub;
  logger: Logger;
  recheckMs?: number;
}): void {
  const { socket, auth, logger } = opts;
  const viewer = auth.viewer;
  let open = true;
  const close = (reason: string) => {
    if (!open) return;
    stop();
    logger.info({ reason, accountId: String(viewer.accountId) }, "WebSocket closed: its credential is no longer valid");
    socket.close(CLOSE_UNAUTHORIZED, reason);
  };

  // setTimeout holds at most ~24.8 days; tokens live 7.
  const expiry = auth.expiresAt
    ? setTimeout(() => close("Your session expired: sign in again."), Math.max(0, auth.expiresAt.getTime() - Date.now()))
    : undefined;
  const recheck = setInterval(() => {
    opts.recheck().then(
      (again) => {
        if (!again.viewer) close("error" in again && again.error ? again.error : "Your credentials are no longer valid: sign in again.");
      },
      (err: unknown) => logger.warn({ err }, "WebSocket credential re-check failed; trying again later"),
    );
  }, opts.recheckMs ?? SOCKET_RECHECK_MS);
  expiry?.unref();
  recheck.unref();

  const events = opts.pubSub.subscribe(CREDENTIALS_REVOKED, String(viewer.accountId));
  void (async () => {
    for await (const revoked of events) {
      if (covers(revoked, viewer)) close(viewer.apiKeyId ? "This API key was revoked." : "This session was signed out: sign in again.");
    }
  })().catch((err: unknown) => logger.warn({ err }, "WebSocket revocation listener failed"));

  function stop() {
    open = false;
    clearTimeout(expiry);
    clearInterval(recheck);
    void events.return?.();
  }
  socket.once("close", stop);
}
