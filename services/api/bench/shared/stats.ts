/** Numbers the scenarios share: a clock every process of the benchmark reads alike, percentiles, a trend. */

/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC), the same in every process of this machine: the
 * load generator stamps a webhook with it and the subscriber, in another process or the same, subtracts.
 */
export const monotonicMs = () => Number(process.hrtime.bigint() / 1000n) / 1000;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

const round = (x: number, digits = 2) => (Number.isFinite(x) ? +x.toFixed(digits) : x);

/** Percentiles (nearest rank) of `values`, which it sorts in place. */
export function summarize(values: number[] | Float64Array): Summary {
  if (!values.length) return { n: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = values.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    p50: round(at(50)),
    p90: round(at(90)),
    p99: round(at(99)),
    max: round(sorted[sorted.length - 1]),
    mean: round(sum / sorted.length),
  };
}

/** The least-squares slope of (t, y) samples, in y per unit of t: how fast a backlog grows (≤ 0: it does not). */
export function slope(samples: { t: number; y: number }[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const mt = samples.reduce((s, p) => s + p.t, 0) / n;
  const my = samples.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of samples) {
    num += (p.t - mt) * (p.y - my);
    den += (p.t - mt) ** 2;
  }
  return den ? num / den : 0;
}

/** CPU milliseconds (user + system) this process spent since `since` (a process.cpuUsage() value). */
export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

export { round };
