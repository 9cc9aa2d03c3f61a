import autocannon from 'autocannon';
import { latencies, round } from './stats';

export interface LoadOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:3000`. */
  url: string;
  path?: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: string;
  headers?: Record<string, string>;
  /**
   * A sequence each connection cycles through (autocannon's `requests`): vary paths and bodies, or compute them
   * with `setupRequest(request, context)` and read answers with `onResponse(status, body, context)`.
   */
  requests?: autocannon.Request[];
  connections: number;
  durationSeconds: number;
  /** Same load, not measured: JIT, connection pools and caches get warm first. 0 skips it. */
  warmupSeconds: number;
  /** Requests per second over all connections (open-loop load, e.g. a soak profile); default: as fast as possible. */
  overallRate?: number;
  /** Statuses that count as success (default: any 2xx); anything else is an error. */
  expectStatus?: number[];
  /** Per-request timeout in seconds (default 10). */
  timeoutSeconds?: number;
}

export interface LoadResult {
  /** Successful responses per second over the measured run. */
  throughput: number;
  requests: number;
  errors: number;
  p50?: number;
  p95?: number;
  p99?: number;
  durationSeconds: number;
  /** Responses by status code, plus `error` (socket errors) and `timeout`. */
  statuses: Record<string, number>;
}

/**
 * autocannon with a warm-up and exact latency percentiles: every response time of the measured run is kept (the
 * histogram autocannon reports has no p95).
 */
export async function loadTest(options: LoadOptions): Promise<LoadResult> {
  const base = {
    url: options.url.replace(/\/$/, '') + (options.path ?? ''),
    method: options.method ?? 'GET',
    body: options.body,
    headers: withJsonType(options.body, options.headers),
    // A body is JSON unless said otherwise; a request without one must not claim a type (Fastify refuses that).
    requests: options.requests?.map((r) => (r.body === undefined ? r : { ...r, headers: withJsonType(r.body, (r.headers as Record<string, string> | undefined) ?? options.headers) })),
    connections: options.connections,
    overallRate: options.overallRate,
    timeout: options.timeoutSeconds ?? 10,
  };
  if (options.warmupSeconds > 0) await run({ ...base, duration: options.warmupSeconds }, () => undefined);

  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  const isSuccess = (status: number) => (options.expectStatus ? options.expectStatus.includes(status) : status >= 200 && status < 300);
  let ok = 0;
  const result = await run({ ...base, duration: options.durationSeconds }, (status, ms) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (isSuccess(status)) {
      ok += 1;
      samples.push(ms);
    }
  });
  if (result.errors > 0) statuses.error = result.errors;
  if (result.timeouts > 0) statuses.timeout = result.timeouts;
  const durationSeconds = (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000 || options.durationSeconds;
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    throughput: round(ok / durationSeconds, 1),
    requests: total,
    errors: total - ok,
    ...latencies(samples),
    durationSeconds: round(durationSeconds, 2),
    statuses,
  };
}

function withJsonType(body: unknown, headers: Record<string, string> = {}): Record<string, string> {
  const typed = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  return body === undefined || typed ? headers : { ...headers, 'content-type': 'application/json' };
}

function run(options: autocannon.Options, onResponse: (status: number, ms: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => onResponse(status, ms));
  });
}
