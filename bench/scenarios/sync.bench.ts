import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { BenchRow } from '../bench-row';
import type { BenchContext } from '../support/bench-context';
import { latencies, round } from '../support/stats';

/** The fleet; `--quick` sends a tenth of it to stay within its time budget (the rows say which). */
const FLEET = 200;
let TABLETS = FLEET;
const CHANGES_PER_BATCH = 50;
const PULL_LIMIT = 500;

interface Tablet {
  token: string;
  cursor: string | null;
  caseIds: string[];
}

/**
 * Offline sync (docs/sync.md): 200 simulated tablets, each its own case worker, on `load.connections` lanes. Each
 * tablet makes its first pull (a new tablet of a worker who already holds a caseload: its cases, found through the
 * change index), pushes 50 offline creates in one batch, then 50 offline edits of those cases in another, then pulls
 * what changed. Reported: changes applied per second with p95 per batch, and cases pulled per second with p95 per page.
 */
export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  TABLETS = ctx.quick ? FLEET / 10 : FLEET;
  const env = ctx.serviceEnv();
  const api = await ctx.startApi();
  try {
    const tablets = await createTablets(ctx, env.JWT_SECRET);
    const base = api.url as string;
    const lanes = Math.max(1, ctx.load.connections);

    const first = await phase(tablets, lanes, async (t) => pullAll(base, t));
    const creates = await phase(tablets, lanes, async (t) => {
      t.caseIds = Array.from({ length: CHANGES_PER_BATCH }, () => randomUUID());
      const changes = t.caseIds.map((id, i) => ({ id, data: ctx.payloads[i % ctx.payloads.length].data }));
      return [await push(base, t, { batchId: randomUUID(), changes })];
    });
    const updates = await phase(tablets, lanes, async (t) => {
      const changes = t.caseIds.map((id, i) => ({ id, baseVersion: 1, data: { name_nickname: `Tab${i}` }, clientUpdatedAt: new Date().toISOString() }));
      return [await push(base, t, { batchId: randomUUID(), changes })];
    });
    const pulls = await phase(tablets, lanes, async (t) => pullAll(base, t));

    const pushRow = (label: string, p: PhaseResult): BenchRow => {
      const l = latencies(p.samples);
      return ctx.row({
        scenario: `sync push: ${TABLETS} tablets x ${CHANGES_PER_BATCH} ${label}`,
        figure: round((TABLETS * CHANGES_PER_BATCH) / (p.elapsedMs / 1000), 1),
        unit: 'changes/s',
        floor: 'pgInsert',
        note: `${lanes} tablets at a time; p95 per batch of ${CHANGES_PER_BATCH}; ${p.items} applied`,
        ...l,
        errors: p.errors,
      });
    };
    const pullRow = (label: string, p: PhaseResult): BenchRow => {
      const l = latencies(p.samples);
      return ctx.row({
        scenario: `sync pull: ${label}`,
        figure: round(p.items / (p.elapsedMs / 1000), 1),
        unit: 'cases/s',
        floor: 'httpEcho',
        note: `${TABLETS} tablets, ${lanes} at a time; p95 per page (limit ${PULL_LIMIT}); ${p.items} cases in ${p.samples.length} pages`,
        ...l,
        errors: p.errors,
      });
    };
    return [pullRow("first pull of a new tablet (a worker's caseload)", first), pushRow('offline creates', creates), pushRow('offline edits', updates), pullRow('after the pushes', pulls)];
  } finally {
    await api.stop();
  }
}

interface PhaseResult {
  samples: number[];
  items: number;
  errors: number;
  elapsedMs: number;
}

/** Runs every tablet once, `lanes` at a time; `work` returns (duration ms, items) per request it made. */
async function phase(tablets: Tablet[], lanes: number, work: (t: Tablet) => Promise<Array<{ ms: number; items: number }>>): Promise<PhaseResult> {
  const result: PhaseResult = { samples: [], items: 0, errors: 0, elapsedMs: 0 };
  const queue = [...tablets];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let t = queue.shift(); t; t = queue.shift()) {
        try {
          for (const r of await work(t)) {
            result.samples.push(r.ms);
            result.items += r.items;
          }
        } catch {
          result.errors += 1;
        }
      }
    }),
  );
  result.elapsedMs = performance.now() - started;
  return result;
}

/**
 * One case worker per tablet with a signed access token (no login rate limit): the generated dataset's own case
 * workers (the ministry's owners of generated cases that have no account yet), each given an account like the demo
 * worker1's, so a first pull brings down a real caseload (~200 cases) rather than nothing.
 */
async function createTablets(ctx: BenchContext, secret: string): Promise<Tablet[]> {
  const tag = randomUUID().slice(0, 8);
  const { rows } = await ctx.db.query<{ id: string }>(
    `WITH owners AS (
       SELECT owner_id FROM cases
        WHERE agency_id = 'ministry' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = cases.owner_id)
        GROUP BY owner_id ORDER BY owner_id LIMIT $2)
     INSERT INTO users (id, username, full_name, password_hash, role_id, agency_id, group_ids, location_code, locale, password_changed_at)
     SELECT o.owner_id, 'bench_tablet_' || $1 || '_' || row_number() OVER (ORDER BY o.owner_id), 'Bench tablet', w.password_hash, w.role_id,
            w.agency_id, w.group_ids, w.location_code, w.locale, now() - interval '1 hour'
       FROM owners o CROSS JOIN users w WHERE w.username = 'worker1'
     RETURNING id`,
    [tag, TABLETS],
  );
  if (rows.length !== TABLETS) throw new Error(`the dataset has ${rows.length} case workers without an account, the scenario needs ${TABLETS} (and the demo user worker1)`);
  return rows.map((r) => ({
    token: jwt.sign({ sid: randomUUID() }, secret, { algorithm: 'HS256', subject: r.id, issuer: 'tutela', expiresIn: 3600 }),
    cursor: null,
    caseIds: [],
  }));
}

async function pullAll(base: string, t: Tablet): Promise<Array<{ ms: number; items: number }>> {
  const pages: Array<{ ms: number; items: number }> = [];
  for (;;) {
    const query = new URLSearchParams({ limit: String(PULL_LIMIT), ...(t.cursor ? { since: t.cursor } : {}) });
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/sync/cases?${query}`, { headers: { authorization: `Bearer ${t.token}` } });
    const body = (await res.json()) as { data: unknown[]; meta: { next: string; hasMore: boolean } };
    if (res.status !== 200) throw new Error(`pull answered ${res.status}`);
    pages.push({ ms: performance.now() - t0, items: body.data.length });
    t.cursor = body.meta.next;
    if (!body.meta.hasMore) return pages;
  }
}

async function push(base: string, t: Tablet, batch: Record<string, unknown>): Promise<{ ms: number; items: number }> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/sync/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(batch),
  });
  const body = (await res.json()) as { data: { changes: Array<{ status: string }> } };
  if (res.status !== 200) throw new Error(`push answered ${res.status}`);
  const ms = performance.now() - t0;
  const applied = body.data.changes.filter((c) => c.status === 'applied').length;
  if (applied !== body.data.changes.length) throw new Error(`push: ${body.data.changes.length - applied} items not applied`);
  return { ms, items: applied };
}
