import type { BenchContext } from "./context.js";
import type { PostSpec } from "./protocol.js";
import type { Replica } from "./app.js";
import { sidPrefix } from "./app.js";

/** Signed inbound-SMS webhooks to `replica` for `number`, from ctx.customers senders. */
export function inboundSms(
  ctx: BenchContext,
  replica: Replica,
  number: string,
  load: Pick<PostSpec, "seconds" | "concurrency" | "rate" | "keepSids">,
): PostSpec {
  return {
    url: replica.webhookUrl,
    sign: replica.server.deps.twilioAccount,
    to: number,
    customers: ctx.customers,
    sidPrefix: sidPrefix(),
    ...load,
  };
}

/** Waits until the replica's durable queue is empty (or `timeoutMs` passed); returns how long that took (ms). */
export async function untilDrained(replica: Replica, timeoutMs = 120_000, atMost = 0): Promise<number> {
  const started = Date.now();
  while ((await replica.depth()) > atMost) {
    if (Date.now() - started > timeoutMs) throw new Error(`the queue did not drain in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}

/** Samples the replica's queue depth every `everyMs` until stopped: the backlog over time (t in seconds). */
export function sampleDepth(replica: Replica, everyMs = 1000) {
  const started = Date.now();
  const samples: { t: number; y: number }[] = [];
  const timer = setInterval(() => {
    void replica.depth().then((y) => samples.push({ t: (Date.now() - started) / 1000, y }));
  }, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}
