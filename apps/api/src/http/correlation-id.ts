import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Reuses a caller's X-Correlation-Id when it is a plausible id (never arbitrary text into logs), else a new UUID. */
export function correlationIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-correlation-id'];
  const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
  return candidate && SAFE_ID.test(candidate) ? candidate : randomUUID();
}
