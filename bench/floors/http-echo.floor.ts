import type { BenchRow } from '../bench-row';
import type { BenchContext } from '../support/bench-context';
import { startHosted } from '../support/services';

/**
 * The HTTP ceiling: a bare Fastify in its own process answering `POST /echo` with the JSON body it parsed, hit with
 * the create payloads on the same connections, duration and warm-up as the API scenarios. Nothing the API does
 * per request (routing through Nest, auth, validation, the database) is in it.
 */
export async function httpEchoFloor(ctx: BenchContext): Promise<BenchRow> {
  const echo = await startHosted('echo', ctx.serviceEnv());
  try {
    const requests = ctx.payloads.map((payload) => ({ method: 'POST' as const, path: '/echo', body: JSON.stringify(payload) }));
    await echo.rss.reset();
    const result = await ctx.loadTest({ url: echo.url as string, requests });
    return ctx.row({
      scenario: 'floor: Fastify JSON echo',
      figure: result.throughput,
      unit: 'req/s',
      floor: { figure: result.throughput, label: '(floor)' },
      p50: result.p50,
      p95: result.p95,
      p99: result.p99,
      errors: result.errors,
      peakRssMb: await echo.rss.peakMb(),
      note: `${ctx.load.connections} connections, ~2 KB create payloads`,
    });
  } finally {
    await echo.stop();
  }
}
