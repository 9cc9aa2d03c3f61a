import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@tutela/common';
import { createApiApp } from '../../apps/api/src/api-app.factory';
import { RssProbe, RssSampler } from './rss';
import type { FromHost, HostRole, ToHost } from './service-host';

export interface RunningService {
  /** `http://127.0.0.1:<port>` for api and echo. */
  url?: string;
  /** The service's peak RSS (the bench process's own when started in-process). */
  rss: RssProbe;
  /** Only for `inProcess` api: the Nest application, to reach its providers. */
  app?: NestFastifyApplication;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 120_000;

/**
 * Forks `service-host` with `env` (the whole environment of the service) and resolves once it listens. A child
 * process by default: see service-host for why.
 */
export function startHosted(role: HostRole, env: Record<string, string>): Promise<RunningService> {
  const child = fork(path.join(__dirname, 'service-host.js'), [role], {
    env,
    // The service's own logs (pino JSON) would drown the table; its startup errors come back over IPC.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${role} did not start within ${STARTUP_TIMEOUT_MS / 1000} s`)), STARTUP_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('exit', (code) => fail(new Error(`${role} exited with code ${code} before it was ready`)));
    child.on('message', (message: FromHost) => {
      if (message.type === 'failed') fail(new Error(`${role} failed to start: ${message.message}`));
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        url: message.port ? `http://127.0.0.1:${message.port}` : undefined,
        rss: childRss(child),
        stop: () => stopChild(child),
      });
    });
  });
}

/** The API in this very process (`createApiApp`): handy to reach its providers; the figures then include the bench. */
export async function startApiInProcess(env: Record<string, string>): Promise<RunningService> {
  const app = await createApiApp(loadConfig(env));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const sampler = new RssSampler();
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    rss: sampler,
    app,
    stop: async () => {
      sampler.stop();
      await app.close();
    },
  };
}

function childRss(child: ChildProcess): RssProbe {
  let next = 0;
  const ask = (type: 'rss:reset' | 'rss:peak') =>
    new Promise<number>((resolve) => {
      const id = ++next;
      const onMessage = (message: FromHost) => {
        if (message.type !== 'rss' || message.id !== id) return;
        child.off('message', onMessage);
        resolve(message.mb);
      };
      child.on('message', onMessage);
      child.send({ type, id } satisfies ToHost);
    });
  return { reset: async () => void (await ask('rss:reset')), peakMb: () => ask('rss:peak') };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ type: 'stop' } satisfies ToHost);
  });
}
