import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { TutelaConfig } from '@tutela/common';
import { MetricsService, PinoNestLogger, createLogger } from '@tutela/cases';
import { AppModule } from './app.module';
import { correlationIdFor } from './http/correlation-id';
import { setupOpenApi } from './openapi';

export const API_PREFIX = 'api/v1';

/** Builds the API application (used by main.ts and by the e2e tests, which drive it in-process with supertest). */
export async function createApiApp(config: TutelaConfig): Promise<NestFastifyApplication> {
  const logger = createLogger(config, 'tutela-api');
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    genReqId: correlationIdFor,
    trustProxy: config.trustProxy,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'docs', method: RequestMethod.ALL }] });
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-correlation-id', request.id);
  });
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.observeHttp(request.method, request.routeOptions?.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  setupOpenApi(app);
  await app.init();
  return app;
}
