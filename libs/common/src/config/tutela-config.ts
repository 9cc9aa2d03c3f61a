import * as path from 'node:path';
import { EnvReader } from './env-readers';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Every setting of the service, read from the environment once (README lists them). */
export interface TutelaConfig {
  env: 'production' | 'development' | 'test';
  port: number;
  host: string;
  logLevel: LogLevel;
  /** Absent: the launcher starts an embedded PostgreSQL in `dataDir` and sets it. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Absent: BullMQ runs on its PostgreSQL backend. */
  redisUrl: string | undefined;
  /** Namespace for queues (Redis key prefix / PostgreSQL schema), so tests and instances never collide. */
  queuePrefix: string;
  dataDir: string;
  embeddedPostgresPort: number;
  country: string;
  formDefinitionsDir: string;
  workflowsDir: string;
  /** Seed the demo users of API.md when the user table is empty. */
  seedDemoUsers: boolean;
  bodyLimitBytes: number;
  /** Behind a reverse proxy: take the client IP from X-Forwarded-For (otherwise a client could forge it). */
  trustProxy: boolean;
  loginAttemptsPerIpPerMinute: number;
  loginAttemptsPerUsernamePerMinute: number;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  shutdownTimeoutMs: number;
  exportDir: string;
  exportTtlHours: number;
  workerConcurrency: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const DEV_JWT_SECRET = 'tutela-development-secret-change-me-0123456789';

/**
 * Reads and checks the whole environment; throws ConfigError listing every bad variable. Call once per process
 * (see `config()`); everything else receives the resulting object.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): TutelaConfig {
  const r = new EnvReader(env);
  const nodeEnv = r.oneOf('NODE_ENV', ['production', 'development', 'test'] as const, 'development');
  const dataDir = path.resolve(r.string('TUTELA_DATA_DIR', './.data'));
  const jwtSecret = r.string('JWT_SECRET') ?? (nodeEnv === 'production' ? r.required('JWT_SECRET') : DEV_JWT_SECRET);
  if (jwtSecret && jwtSecret.length < 32) r.problems.push('JWT_SECRET: must be at least 32 characters');

  const config: TutelaConfig = {
    env: nodeEnv,
    port: r.int('PORT', 3000, { min: 0, max: 65535 }),
    host: r.string('HOST', '0.0.0.0'),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    databaseUrl: r.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: r.int('DATABASE_POOL_SIZE', 10, { min: 1, max: 200 }),
    redisUrl: r.url('REDIS_URL', ['redis:', 'rediss:']),
    queuePrefix: r.pattern('TUTELA_QUEUE_PREFIX', /^[a-z][a-z0-9_]{0,40}$/, 'tutela', 'lowercase letters, digits and _'),
    dataDir,
    embeddedPostgresPort: r.int('TUTELA_EMBEDDED_PG_PORT', 54329, { min: 1024, max: 65535 }),
    country: r.pattern('TUTELA_COUNTRY', /^[a-z]{2,3}$/, 'mli', 'a 2-3 letter country code'),
    formDefinitionsDir: path.resolve(r.string('TUTELA_FORM_DEFINITIONS_DIR', './form-definitions')),
    workflowsDir: path.resolve(r.string('TUTELA_WORKFLOWS_DIR', './workflows')),
    seedDemoUsers: r.bool('TUTELA_SEED_DEMO_USERS', nodeEnv !== 'production'),
    bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1_048_576, { min: 1024, max: 100 * 1_048_576 }),
    trustProxy: r.bool('TRUST_PROXY', false),
    loginAttemptsPerIpPerMinute: r.int('LOGIN_ATTEMPTS_PER_IP_PER_MINUTE', 30, { min: 1, max: 1_000_000 }),
    loginAttemptsPerUsernamePerMinute: r.int('LOGIN_ATTEMPTS_PER_USERNAME_PER_MINUTE', 10, { min: 1, max: 1_000_000 }),
    jwtSecret,
    accessTokenTtlSeconds: r.int('ACCESS_TOKEN_TTL_SECONDS', 900, { min: 30, max: 86_400 }),
    refreshTokenTtlSeconds: r.int('REFRESH_TOKEN_TTL_SECONDS', 7 * 86_400, { min: 300, max: 90 * 86_400 }),
    shutdownTimeoutMs: r.int('SHUTDOWN_TIMEOUT_MS', 10_000, { min: 100, max: 600_000 }),
    exportDir: path.resolve(r.string('TUTELA_EXPORT_DIR', path.join(dataDir, 'exports'))),
    exportTtlHours: r.int('EXPORT_TTL_HOURS', 24, { min: 1, max: 24 * 90 }),
    workerConcurrency: r.int('WORKER_CONCURRENCY', 4, { min: 1, max: 64 }),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}
