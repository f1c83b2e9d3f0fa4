import { API_URL } from "@/lib/api-url";

/**
 * The API's development simulator of a customer's phone (`/dev/customer-phone`, only when `serverInfo.simulator`):
 * the customer texts the account through the real signed webhook, and we can read what their phone received.
 */

export interface CustomerPhoneMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  status: string;
}

export type CallOutcome = "answer" | "no-answer" | "busy";

class CustomerPhoneError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The API's origin (scheme, host, port), from its GraphQL URL. */
function apiOrigin(apiUrl = API_URL): string {
  return new URL(apiUrl, typeof window === "undefined" ? "http://localhost" : window.location.href).origin;
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${apiOrigin()}/dev/customer-phone${path}`, {
      ...init,
      headers: init?.body ? { "content-type": "application/json" } : undefined,
    });
  } catch {
    throw new CustomerPhoneError("Cannot reach the API's customer phone simulator.", 0);
  }
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (!response.ok) {
    if (response.status === 404) throw new CustomerPhoneError("This API does not simulate that yet (404).", 404);
    const error = (body as { error?: string } | undefined)?.error;
    throw new CustomerPhoneError(error ?? `The simulator answered HTTP ${response.status}.`, response.status);
  }
  return body as T;
}

/** The customer texts the account (`to`: one of its numbers; default: its first SMS number). */
export function textAccount(input: { from: string; to?: string; body: string }) {
  return call<{ messageSid: string; from: string; to: string; webhookStatus: number }>("/sms", {
    method: "POST",
    body: JSON.stringify(input),
  });
}

/** What the customer's phone received from the account. */
export function receivedMessages(number: string) {
  return call<CustomerPhoneMessage[]>(`/messages?number=${encodeURIComponent(number)}`);
}

/** How the customer's phone answers when an agent calls it. */
export function setCallOutcome(input: { number: string; outcome: CallOutcome; seconds?: number }) {
  return call<unknown>("/call-outcome", { method: "POST", body: JSON.stringify(input) });
}

/** The customer calls the account; without an agent answering, they leave a voicemail of that length. */
export function callAccount(input: { from: string; to?: string; agentsAnswer?: boolean; seconds?: number; voicemailSeconds?: number | null }) {
  return call<unknown>("/call", { method: "POST", body: JSON.stringify(input) });
}
