import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TutelaConfig, loadConfig } from '@tutela/common';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/api-app.factory';

/** The real API, in-process, on the run's database and queue namespace (see global-setup). */
export async function startTestApi(overrides: Record<string, string> = {}): Promise<{
  app: NestFastifyApplication;
  config: TutelaConfig;
  http: () => ReturnType<typeof request>;
}> {
  const config = loadConfig({ ...process.env, ...overrides });
  const app = await createApiApp(config);
  await app.getHttpAdapter().getInstance().ready();
  return { app, config, http: () => request(app.getHttpServer()) };
}
