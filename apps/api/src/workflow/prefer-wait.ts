import { MAX_WAIT_MS } from '@tutela/cases';

/** `Prefer: wait=N` (RFC 7240) in milliseconds, capped at 30 s; null when absent or malformed. */
export function preferWaitMs(header: string | undefined): number | null {
  const match = /(?:^|[,;\s])wait=(\d{1,6})(?:$|[,;\s])/i.exec(header ?? '');
  if (!match) return null;
  return Math.min(Number(match[1]) * 1000, MAX_WAIT_MS);
}
