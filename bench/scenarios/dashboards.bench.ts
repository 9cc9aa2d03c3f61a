import type { BenchRow } from '../bench-row';
import type { BenchContext } from '../support/bench-context';

const DASHBOARDS: Array<{ id: string; users: string[] }> = [
  { id: 'case_overview', users: ['analyst', 'supervisor'] },
  { id: 'action_needed', users: ['analyst', 'supervisor'] },
  { id: 'team_workload', users: ['supervisor'] },
];

/**
 * Issue 9: every dashboard of the Mali pack on the generated dataset, as the statistics-only analyst (scope all:
 * every case counted, small cells suppressed) and as a supervisor (agency scope, exact counts, worker names); plus one
 * aggregate with list filters. Target: p95 under 200 ms on 1,000,000 cases.
 */
export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const api = await ctx.startApi({ env: ctx.serviceEnv() });
  const rows: BenchRow[] = [];
  try {
    const base = api.url as string;
    const tokens: Record<string, string> = {};
    for (const user of ['analyst', 'supervisor']) tokens[user] = await ctx.login(base, user);
    for (const dashboard of DASHBOARDS) {
      for (const user of dashboard.users) {
        // The first request computes every widget (cold); the load test then measures what viewers get (cached).
        const started = Date.now();
        const cold = await fetch(`${base}/api/v1/dashboards/${dashboard.id}`, { headers: { authorization: `Bearer ${tokens[user]}` } });
        if (cold.status !== 200) throw new Error(`dashboard ${dashboard.id} answered ${cold.status}`);
        await cold.arrayBuffer();
        const coldMs = Date.now() - started;
        rows.push(
          await ctx.httpScenario({
            scenario: `dashboard ${dashboard.id} (${user})`,
            service: api,
            path: `/api/v1/dashboards/${dashboard.id}`,
            headers: { authorization: `Bearer ${tokens[user]}` },
            connections: 2,
            note: `p95 target < 200 ms; cold (uncached) first request ${coldMs} ms`,
          }),
        );
      }
    }
    rows.push(
      await ctx.httpScenario({
        scenario: 'aggregate sex × ageGroup, state + region filter (analyst, cached after the first)',
        service: api,
        path: '/api/v1/reports/cases/aggregate?groupBy=sex,ageGroup&state=assessment&location=ML09',
        headers: { authorization: `Bearer ${tokens.analyst}` },
        connections: 2,
      }),
    );
  } finally {
    await api.stop();
  }
  return rows;
}
