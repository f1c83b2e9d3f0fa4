import { Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The service's Prometheus metrics, one registry per server (several servers may share a process, as in tests). What
 * is counted is named here, domain-free: webhooks by path, the ingest queue by event kind, Twilio refusals.
 */
export function createMetrics(queueStats: () => { depth: number; oldestReceivedAt?: number; parked: number }) {
  const registry = new Registry();
  const metrics = {
    registry,
    webhooksReceived: new Counter({
      name: "webhooks_received_total",
      help: "Signed Twilio webhooks received, by path and answer status.",
      labelNames: ["path", "status"] as const,
      registers: [registry],
    }),
    queued: new Counter({
      name: "ingest_queued_total",
      help: "Events appended to this replica's durable queue.",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    drained: new Counter({
      name: "ingest_drained_total",
      help: "Queued events applied to the database, by outcome (stored, duplicate, updated, stale, unknown...).",
      labelNames: ["kind", "outcome"] as const,
      registers: [registry],
    }),
    duplicates: new Counter({
      name: "ingest_duplicates_skipped_total",
      help: "Queued events that the database already had (a replayed webhook, or a re-drain after a crash).",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    parked: new Counter({
      name: "ingest_parked_total",
      help: "Queued events set aside because they can never apply.",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    drainLatency: new Histogram({
      name: "ingest_drain_latency_seconds",
      help: "From a webhook's arrival to its event being applied to the database.",
      labelNames: ["kind"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120, 600],
      registers: [registry],
    }),
    twilioSendFailures: new Counter({
      name: "twilio_send_failures_total",
      help: "Twilio API requests that were refused or did not get an answer, by what was asked.",
      labelNames: ["operation", "reason"] as const,
      registers: [registry],
    }),
  };
  new Gauge({
    name: "ingest_queue_depth",
    help: "Events waiting in this replica's durable queue.",
    registers: [registry],
    collect() {
      this.set(queueStats().depth);
    },
  });
  new Gauge({
    name: "ingest_queue_oldest_age_seconds",
    help: "Age of the oldest waiting event (0 when the queue is empty).",
    registers: [registry],
    collect() {
      const oldest = queueStats().oldestReceivedAt;
      this.set(oldest ? (Date.now() - oldest) / 1000 : 0);
    },
  });
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
