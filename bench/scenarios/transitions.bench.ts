import type { BenchRow } from '../bench-row';
import type { BenchContext } from '../support/bench-context';
import { latencies, round, runFor } from '../support/stats';

/** What complete_assessment needs on top of a registration payload (concerns and risk level are added if missing). */
const ASSESSMENT = {
  assessment_date: '2026-10-03',
  assessment_score_safety: 2,
  assessment_score_health: 1,
  assessment_score_education: 2,
  assessment_score_psychosocial: 3,
  assessment_score_family: 2,
};
/** assessment ⇄ case_plan: each step is valid from where the previous one left the case, forever. */
const NEXT: Record<string, string> = { registration: 'start_assessment', assessment: 'complete_assessment', case_plan: 'back_to_assessment' };

/**
 * Issue 6: workflow transitions through the API, the outbox, BullMQ and the worker (guards, effects, history, one
 * transaction each), in transitions per second against BullMQ no-op jobs per second (the floor measured in this
 * run), with end-to-end latency request → applied taken from the database (`decided_at - created_at`), so the
 * clients' polling does not inflate it.
 */
export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const { api, worker } = await ctx.startApiAndWorker();
  try {
    const base = api.url as string;
    const token = await ctx.login(base, 'worker1');
    const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as { data: any };
      if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
      return json.data;
    };

    // Every lane drives its own cases one transition at a time (a case has at most one request in flight).
    const lanes = Math.max(4, ctx.load.connections * 2);
    const casesPerLane = 4;
    // Lanes are prepared side by side (each creates and completes its own cases): one after the other, the 80
    // creates and 80 updates took 16 s of --quick's budget on a busy machine.
    const prepareLane = async (lane: number) => {
      const cases: Array<{ id: string; state: string }> = [];
      for (let i = 0; i < casesPerLane; i += 1) {
        const payload = ctx.payloads[(lane * casesPerLane + i) % ctx.payloads.length];
        const created = await call('POST', '/api/v1/cases', { data: payload.data });
        // Keep the payload's own concerns and risk level: changing them could hide fields it filled (422).
        const risk = { protection_concerns: payload.data.protection_concerns ?? ['neglect'], risk_level: payload.data.risk_level ?? 'medium' };
        await call('PATCH', `/api/v1/cases/${created.id}`, { version: created.version, data: { ...risk, ...ASSESSMENT } });
        cases.push({ id: created.id, state: created.workflow.state });
      }
      return cases;
    };
    const lanesCases = await Promise.all(Array.from({ length: lanes }, (_, lane) => prepareLane(lane)));
    const next = new Array<number>(lanes).fill(0);
    const step = async (lane: number) => {
      const target = lanesCases[lane][next[lane]++ % casesPerLane];
      const result = await call('POST', `/api/v1/cases/${target.id}/transitions`, { transition: NEXT[target.state] }, { prefer: 'wait=30' });
      if (result.status !== 'applied') throw new Error(`transition ${result.status}: ${result.reasonCode}`);
      target.state = result.state;
    };

    ctx.log(`transitions: warm-up on ${lanes} lanes`);
    await runFor(ctx.load.warmupSeconds * 1000, lanes, step);
    const since = new Date();
    const measured = await runFor(ctx.load.durationSeconds * 1000, lanes, step);
    const { rows } = await ctx.db.query<{ ms: number }>(
      `SELECT extract(epoch FROM decided_at - created_at) * 1000 AS ms FROM transition_requests WHERE created_at >= $1 AND status = 'applied'`,
      [since],
    );
    const e2e = latencies(rows.map((r) => Number(r.ms)));
    return [
      ctx.row({
        scenario: 'workflow transitions (API → outbox → BullMQ → worker → applied)',
        figure: round(rows.length / (measured.elapsedMs / 1000), 1),
        unit: 'transitions/s',
        floor: 'bullmq',
        p50: e2e?.p50,
        p95: e2e?.p95,
        p99: e2e?.p99,
        errors: measured.errors,
        peakRssMb: await worker.rss.peakMb(),
        note: `${lanes} clients, Prefer: wait; latency = decided_at − created_at (request stored → applied); peak RSS = worker${measured.firstError ? `; first error: ${measured.firstError}` : ''}`,
      }),
    ];
  } finally {
    await worker.stop();
    await api.stop();
  }
}
