import { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@tutela/common';
import { createWorkerApp } from '../../apps/worker/src/worker-app.factory';

/** The real worker, in-process, on the run's database and queue namespace. */
export async function startTestWorker(overrides: Record<string, string> = {}): Promise<INestApplicationContext> {
  return createWorkerApp(loadConfig({ ...process.env, ...overrides }));
}
