/** Latency summary in milliseconds, from raw samples (exact, not bucketed: runs are short enough to keep them all). */
export interface Latencies {
  p50: number;
  p95: number;
  p99: number;
}

export function latencies(samplesMs: number[]): Latencies | undefined {
  if (samplesMs.length === 0) return undefined;
  const sorted = Float64Array.from(samplesMs).sort();
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)], 2);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

export const round = (value: number, decimals = 0): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** The middle value (the mean of the two middle ones for an even count): for comparing repeated samples. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `work` back to back on `concurrency` lanes until `durationMs` has passed; returns each call's duration. */
export async function runFor(
  durationMs: number,
  concurrency: number,
  work: (lane: number) => Promise<void>,
): Promise<{ durationsMs: number[]; elapsedMs: number; errors: number; firstError?: string }> {
  const durationsMs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await work(lane);
          durationsMs.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  return { durationsMs, elapsedMs: performance.now() - started, errors, firstError };
}
