/** Reads a process's peak resident memory over a stretch of time (one scenario), in MiB. */
export interface RssProbe {
  reset(): Promise<void>;
  peakMb(): Promise<number>;
}

/**
 * Samples this process's RSS every `intervalMs`; the timer is unref'd so it never keeps a process alive. Runs inside
 * the service process (see service-host), so the figure is the service's memory, not the load generator's.
 */
export class RssSampler implements RssProbe {
  private peak = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  async reset(): Promise<void> {
    this.peak = process.memoryUsage.rss();
  }

  async peakMb(): Promise<number> {
    this.sample();
    return Math.round(this.peak / 1_048_576);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }
}
