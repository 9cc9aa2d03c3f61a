import type { Pool } from 'pg';
import type { BenchRow } from '../bench-row';
import type { LoadOptions, LoadResult } from './load-test';
import type { QueueSettings } from './queue-settings';
import type { RunningService } from './services';

/** Connections, duration and warm-up every HTTP scenario and the HTTP floor share. */
export interface LoadProfile {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** The floors measured at the start of the run; scenarios divide their figures by one of them. */
export interface Floors {
  /** Bare Fastify echoing the create payload: requests/s (HTTP ceiling). */
  httpEcho?: BenchRow;
  /** One-row INSERTs of generated cases on the service's pool size: rows/s. */
  pgInsert?: BenchRow;
  /** Multi-row INSERT … SELECT FROM jsonb_to_recordset at the generator's batch size (its method): rows/s. */
  bulkInsert?: BenchRow;
  /** COPY FROM STDIN of the same rows, 5,000 a statement: rows/s. */
  copy?: BenchRow;
  /** Bare Ajv 2020 on a hand-written schema of the create payload: validations/s. */
  ajv?: BenchRow;
  /** BullMQ no-op jobs through a real queue and worker on the run's backend: jobs/s. */
  bullmq?: BenchRow;
}
export type FloorName = keyof Floors;

/** What a row needs beyond its figure; `floor` names the floor it is compared with. */
export interface RowInput {
  scenario: string;
  figure: number;
  unit: string;
  floor: FloorName | { figure: number; label: string };
  note?: string;
  p50?: number;
  p95?: number;
  p99?: number;
  errors?: number;
  peakRssMb?: number;
}

/** Everything a scenario gets (see bench/README.md for how to add one). */
export interface BenchContext {
  quick: boolean;
  /** The migrated bench database holding the generated dataset. */
  databaseUrl: string;
  /** A small pool on that database for preparing scenarios (pick ids, count rows…); not for measuring. */
  db: Pool;
  queue: QueueSettings;
  datasetSize: number;
  /** How the dataset is labelled in every row, e.g. `100,000 cases`. */
  dataset: string;
  /** DATABASE_POOL_SIZE of the service (and of the pg floor). */
  poolSize: number;
  workerConcurrency: number;
  load: LoadProfile;
  /** ~2 KB `POST /cases` bodies, valid for the demo pack (the echo floor sends the same ones). */
  payloads: ReadonlyArray<{ data: Record<string, unknown> }>;
  floors: Floors;
  /** The environment a service process gets: bench database and queues, production mode, quiet logs. */
  serviceEnv(overrides?: Record<string, string>): Record<string, string>;
  /**
   * The API (createApiApp) in its own process by default; `inProcess` keeps it in this one. In `--quick`, services
   * with the same `env` are shared by every scenario (started once, `stop()` leaves them running, `stopServices`
   * ends them): a start costs 3-4 s of CPU and the quick run has a 3-minute budget. The full run starts fresh ones,
   * so each scenario's peak RSS is its own.
   */
  startApi(options?: { env?: Record<string, string>; inProcess?: boolean }): Promise<RunningService>;
  startWorker(options?: { env?: Record<string, string> }): Promise<RunningService>;
  /** An API and a worker with the same environment, started side by side (a start is seconds of CPU, partly I/O). */
  startApiAndWorker(options?: { env?: Record<string, string> }): Promise<{ api: RunningService; worker: RunningService }>;
  /** Stops the services kept for sharing (end of the run). */
  stopServices(): Promise<void>;
  /** autocannon with warm-up; connections, duration and warm-up default to `load`. */
  loadTest(options: Omit<LoadOptions, keyof LoadProfile> & Partial<LoadProfile>): Promise<LoadResult>;
  /** `POST /api/v1/auth/login` as a demo user (API.md: password `Tutela-demo-2026!`); returns the access token. */
  login(baseUrl: string, username: string): Promise<string>;
  /** A table row: ratio to the named floor, dataset label filled in. */
  row(input: RowInput): BenchRow;
  /**
   * The usual HTTP scenario in one call: resets the service's peak RSS, runs `loadTest` against it and returns the
   * row (throughput, latencies, errors, ratio to `floor` — default the Fastify echo —, the service's peak RSS).
   */
  httpScenario(
    input: { scenario: string; service: RunningService; floor?: FloorName; note?: string } & Omit<LoadOptions, 'url' | keyof LoadProfile> & Partial<LoadProfile>,
  ): Promise<BenchRow>;
  log(line: string): void;
}
