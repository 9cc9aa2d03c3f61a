import type { BenchRow } from '../bench-row';
import type { BenchContext } from '../support/bench-context';
import { BenchRole, addBenchUser, publishBenchRole } from '../support/bench-role';
import { exportAndWait } from '../support/export-client';

/** ODK Central's soak test: 50 submissions per second for 30 s; issue 7 asks for 20 times that rate. */
const ODK_RATE = 50;
const RATE_FACTOR = 20;
const FIELD_COUNT = 250;
const FORM_ID = 'odk_soak';
export const SOAK_ROLE: BenchRole = {
  id: 'bench_soak',
  name: { en: 'Benchmark: soak', fr: 'Banc d’essai : endurance' },
  scope: 'all',
  permissions: { case: ['read', 'create', 'export', 'read_sensitive'] },
  forms: { '*': 'write' },
};

/**
 * ODK Central's soak profile at 20× its rate: a 250-field form published through the admin API, open-loop
 * submissions (`POST /cases` with the demo identity fields plus 250 answers) at 1,000/s, then three exports of the
 * form's submissions (CSV, XLSX, JSON) at once. Figures: achieved rate against the target, latencies, errors.
 */
export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  await publishBenchRole(ctx, SOAK_ROLE);
  const { api, worker } = await ctx.startApiAndWorker();
  try {
    const base = api.url as string;
    await addBenchUser(ctx, SOAK_ROLE);
    await publishSoakForm(base, await ctx.login(base, 'admin'));
    const token = await ctx.login(base, SOAK_ROLE.id);
    const startedAt = new Date().toISOString();
    const rate = ODK_RATE * RATE_FACTOR;
    const seconds = ctx.quick ? 5 : 30;
    let next = 0;
    const submissions = await ctx.httpScenario({
      scenario: `ODK soak: ${FIELD_COUNT}-field submissions at ${rate.toLocaleString('en')}/s (${RATE_FACTOR}× ODK Central's ${ODK_RATE}/s)`,
      service: api,
      floor: 'httpEcho',
      // Open loop: the rate is imposed, so enough connections must be open to keep it while answers queue.
      connections: 100,
      durationSeconds: seconds,
      warmupSeconds: 0,
      overallRate: rate,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/cases',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          setupRequest: (req) => {
            const i = next++;
            return { ...req, body: JSON.stringify({ data: { ...ctx.payloads[i % ctx.payloads.length].data, ...soakAnswers(i) } }) };
          },
        },
      ],
      expectStatus: [201],
      note: `target ${rate.toLocaleString('en')}/s for ${seconds} s, open loop, 100 connections; ratio is to the echo floor`,
    });

    await worker.rss.reset();
    const exportStarted = Date.now();
    const formats = ['csv', 'xlsx', 'json'] as const;
    const outcomes = await Promise.allSettled(formats.map((format) => exportAndWait(base, token, { format, forms: [FORM_ID], filters: { createdFrom: startedAt } })));
    const exportSeconds = (Date.now() - exportStarted) / 1000;
    const exported = outcomes.reduce((n, o) => n + (o.status === 'fulfilled' ? o.value : 0), 0);
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    return [
      submissions,
      ctx.row({
        scenario: `ODK soak: then ${formats.length} concurrent exports of the submissions (${formats.join(', ').toUpperCase()})`,
        figure: Math.round(exported / exportSeconds),
        unit: 'rows/s',
        floor: { figure: submissions.figure, label: 'submission rate' },
        errors: failures.length,
        peakRssMb: await worker.rss.peakMb(),
        note: `${exported.toLocaleString('en')} rows in ${exportSeconds.toFixed(1)} s over ${formats.length} files${failures.length ? `; ${failures[0].reason}` : ''}`,
      }),
    ];
  } finally {
    await worker.stop();
    await api.stop();
  }
}

async function publishSoakForm(base: string, adminToken: string): Promise<void> {
  const res = await fetch(`${base}/api/v1/admin/forms/${FORM_ID}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(soakForm()),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`publishing the soak form failed: ${res.status} ${await res.text()}`);
}

const KINDS = ['text', 'integer', 'select', 'date', 'boolean'] as const;
const OPTIONS = ['a', 'b', 'c', 'd', 'e'];

/** 250 fields cycling through the common ODK question types, a fifth of them required. */
function soakForm() {
  return {
    id: FORM_ID,
    version: 1,
    recordType: 'case',
    module: 'cp',
    order: 900,
    title: { en: 'Soak test (250 questions)', fr: 'Test d’endurance (250 questions)' },
    fields: Array.from({ length: FIELD_COUNT }, (_, i) => {
      const type = KINDS[i % KINDS.length];
      const base = { name: `soak_q${i}`, type, label: { en: `Question ${i}`, fr: `Question ${i}` }, ...(i % 5 === 0 ? { required: true } : {}) };
      if (type === 'text') return { ...base, maxLength: 200 };
      if (type === 'integer') return { ...base, min: 0, max: 1000 };
      if (type === 'select') return { ...base, options: OPTIONS.map((id) => ({ id, label: { en: id.toUpperCase(), fr: id.toUpperCase() } })) };
      if (type === 'date') return { ...base, notInFuture: true };
      return base;
    }),
  };
}

/** A valid answer to every soak question, varied by submission. */
function soakAnswers(n: number): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (let i = 0; i < FIELD_COUNT; i++) {
    const type = KINDS[i % KINDS.length];
    const key = `soak_q${i}`;
    if (type === 'text') answers[key] = `answer ${n}-${i}`;
    else if (type === 'integer') answers[key] = (n * 31 + i) % 1000;
    else if (type === 'select') answers[key] = OPTIONS[(n + i) % OPTIONS.length];
    else if (type === 'date') answers[key] = `20${10 + (n % 15)}-0${1 + (i % 9)}-1${i % 9}`;
    else answers[key] = (n + i) % 2 === 0;
  }
  return answers;
}
