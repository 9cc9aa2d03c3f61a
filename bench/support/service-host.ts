import 'reflect-metadata';
import Fastify from 'fastify';
import { loadConfig } from '@tutela/common';
import { RssSampler } from './rss';

/** Messages between the bench (parent) and a service it forked (`dist/bench/support/service-host.js <role>`). */
export type HostRole = 'api' | 'worker' | 'echo';
export type ToHost = { type: 'rss:reset' | 'rss:peak'; id: number } | { type: 'stop' };
export type FromHost = { type: 'ready'; port?: number } | { type: 'rss'; id: number; mb: number } | { type: 'failed'; message: string };

/**
 * Runs one service in its own process, so the load generator never shares its event loop or CPU time accounting
 * and the peak RSS measured is the service's alone. Configuration comes from the environment (loadConfig), exactly
 * as `npm run start:api` / `start:worker` read it.
 */
async function main(): Promise<void> {
  const role = process.argv[2] as HostRole;
  const rss = new RssSampler();
  let close: () => Promise<unknown>;
  let port: number | undefined;
  if (role === 'echo') {
    // The HTTP ceiling: Fastify alone, parsing and re-serializing the same JSON bodies, with the API's body limit.
    const app = Fastify({ logger: false, bodyLimit: loadConfig().bodyLimitBytes });
    app.post('/echo', async (request) => request.body);
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
    close = () => app.close();
  } else if (role === 'api') {
    // Each role loads only its own code: the echo floor's memory must not include Nest, TypeORM and BullMQ.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createApiApp } = require('../../apps/api/src/api-app.factory') as typeof import('../../apps/api/src/api-app.factory');
    const app = await createApiApp(loadConfig());
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.getHttpServer().address() as { port: number }).port;
    close = () => app.close();
  } else if (role === 'worker') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createWorkerApp } = require('../../apps/worker/src/worker-app.factory') as typeof import('../../apps/worker/src/worker-app.factory');
    const app = await createWorkerApp(loadConfig());
    close = () => app.close();
  } else {
    throw new Error(`Unknown role "${role}" (api, worker or echo)`);
  }

  process.on('message', (message: ToHost) => {
    if (message.type === 'stop') {
      void close().finally(() => process.exit(0));
      return;
    }
    const answer = message.type === 'rss:reset' ? rss.reset().then(() => 0) : rss.peakMb();
    void answer.then((mb) => send({ type: 'rss', id: message.id, mb }));
  });
  // The parent went away (crash, Ctrl-C): do not linger as an orphan holding a port and database connections.
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  send({ type: 'ready', port });
}

function send(message: FromHost): void {
  process.send?.(message);
}

main().catch((error: Error) => {
  send({ type: 'failed', message: error.stack ?? error.message });
  process.exit(1);
});
