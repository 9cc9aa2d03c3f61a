import { Injectable } from '@nestjs/common';
import { Database } from '@tutela/persistence';
import { QueueConnection } from '../queue/queue-connection';

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  error?: string;
}

export type ReadinessProbe = () => Promise<void>;

/** Readiness = every dependency answers: PostgreSQL, the queue backend, and each registered probe (configuration). */
@Injectable()
export class HealthService {
  private readonly probes = new Map<string, ReadinessProbe>();

  constructor(
    private readonly db: Database,
    private readonly queues: QueueConnection,
  ) {
    this.probes.set('database', async () => {
      await this.db.query('SELECT 1');
    });
    this.probes.set('queue', () => this.queues.ping());
  }

  /** Other services add their own checks (e.g. the configuration snapshot) at start. */
  register(name: string, probe: ReadinessProbe): void {
    this.probes.set(name, probe);
  }

  async readiness(): Promise<{ ready: boolean; checks: ReadinessCheck[]; queueBackend: string }> {
    const checks = await Promise.all(
      [...this.probes].map(async ([name, probe]) => {
        try {
          await withTimeout(probe(), 3000);
          return { name, ok: true };
        } catch (error) {
          return { name, ok: false, error: (error as Error).message.slice(0, 200) };
        }
      }),
    );
    return { ready: checks.every((c) => c.ok), checks, queueBackend: this.queues.kind };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
