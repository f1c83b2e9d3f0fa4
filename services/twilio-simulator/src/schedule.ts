/**
 * The fake's timers and its off switch. Auto mode's status callbacks and call flows wait here; close() cancels every
 * timer and aborts every request in flight. No timer keeps the process alive: a dev server must be able to exit with
 * callbacks still planned.
 */
export class Schedule {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborter = new AbortController();

  /** Aborted by close(): requests in flight stop. */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  get closed(): boolean {
    return this.aborter.signal.aborted;
  }

  /** Runs `fn` in `ms`, unless close() comes first. */
  after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** Resolves in `ms`; rejects with `stopped()` if close() came before or comes meanwhile. */
  sleep(ms: number, stopped: () => Error): Promise<void> {
    const signal = this.aborter.signal;
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(stopped());
      const onAbort = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        reject(stopped());
      };
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      timer.unref();
      this.timers.add(timer);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Cancels every timer and aborts what is in flight. Safe to call twice. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.aborter.abort();
  }
}
