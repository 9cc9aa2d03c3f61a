import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TutelaConfig } from '@tutela/common';
import { PinoNestLogger, createLogger } from '@tutela/cases';
import { WorkerModule } from './worker.module';

/** The worker: BullMQ processors and relays, no HTTP (used by main.ts and by integration tests). */
export async function createWorkerApp(config: TutelaConfig): Promise<INestApplicationContext> {
  const logger = createLogger(config, 'tutela-worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: new PinoNestLogger(logger) });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
