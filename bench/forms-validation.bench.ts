// Validations per second of FormsEngine.validateRecord (the per-write hot path) on the largest demo form, against a
// bare Ajv validator of the same compiled schema built in the same run. Target: the engine keeps >= 70% of bare
// Ajv. Seconds are this process's CPU seconds (equal to wall seconds on an idle machine), and the contenders'
// samples interleave, so other work on a shared machine moves the figures far less than the ratios.
// Run standalone from the repository root: `npm run -s build && node dist/bench/forms-validation.bench.js [--quick]`.
import { compileFormSchema, createFormAjv, FormsEngine, loadPackFromDir, validatePack, type FieldDefinition, type FormDefinition } from '@tutela/forms';
import { resolve } from 'node:path';
import type { BenchRow } from './bench-row';
import { formatTable } from './support/report';
import { median } from './support/stats';

const PACK_DIR = 'form-definitions/mli';
const ENGINE_FLOOR = 0.7;
// The engine must leave room for everything else a case write does; 20k validations/s is 50 µs per write.
const ABSOLUTE_FLOOR = 20_000;
const NOW = new Date('2026-03-15T10:00:00Z');

/** A child's identity as a case worker records it at registration (the largest form of the demo pack). */
const REALISTIC_RECORDS: Record<string, Record<string, unknown>> = {
  basic_identity: {
    name_first: 'Aminata',
    name_last: 'Coulibaly',
    name_nickname: 'Mina',
    sex: 'female',
    date_of_birth: '2012-04-17',
    nationality: 'mali',
    national_id_no: '12345678901234A',
    birth_certificate_no: 'AN-2012-04512',
    location_current: 'ML0903',
    address_current: 'Badalabougou, rue 312, porte 45, près de la mosquée',
    caregiver_name: 'Mariam Coulibaly',
    caregiver_phone: '+223 76 12 34 56',
    has_disability: true,
    disability_type: 'hearing',
  },
};

const fieldCount = (fields: readonly FieldDefinition[]): number =>
  fields.reduce((n, f) => n + (f.type === 'separator' ? 0 : 1) + fieldCount(f.fields ?? []), 0);

/** Seconds of CPU this process has used: unlike the wall clock, it does not count time other processes take. */
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Calls of `fn` per CPU-second over about `millis` ms of this process's CPU time. */
function opsPerCpuSecond(fn: () => unknown, millis: number): number {
  const start = cpuSeconds();
  const budget = millis / 1000;
  let calls = 0;
  let elapsed = 0;
  do {
    for (let i = 0; i < 1000; i++) fn();
    calls += 1000;
    elapsed = cpuSeconds() - start;
  } while (elapsed < budget);
  return calls / elapsed;
}

/**
 * Interleaved samples of each contender: every round runs each once, in an order that rotates from round to round,
 * so a burst of load on the machine lands on every contender alike rather than on whichever ran during it.
 */
function interleavedSamples<K extends string>(contenders: Record<K, () => unknown>, rounds: number, millis: number): Record<K, number[]> {
  const names = Object.keys(contenders) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      samples[name].push(opsPerCpuSecond(contenders[name], millis));
    }
  }
  return samples;
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const { pack, problems } = await loadPackFromDir(resolve(process.cwd(), PACK_DIR));
  if (problems.length > 0 || validatePack(pack).length > 0) throw new Error(`${PACK_DIR} has problems: run npm run config:validate`);
  const form: FormDefinition = [...pack.forms].sort((a, b) => fieldCount(b.fields) - fieldCount(a.fields))[0];
  const record = REALISTIC_RECORDS[form.id];
  if (!record) throw new Error(`no realistic record for the largest form "${form.id}": add one to REALISTIC_RECORDS`);

  const engine = new FormsEngine({ forms: pack.forms, lookups: pack.lookups, locations: pack.locations });
  const bare = createFormAjv().compile(compileFormSchema(form, { lookups: pack.lookups }));
  const create = () => engine.validateRecord({ data: record, submitted: record, locale: 'fr', now: NOW });
  const stored = create().data;
  const patch = { caregiver_phone: '+223 66 98 76 54', location_current: 'ML0905' };
  const merged = { ...stored, ...patch };
  const update = () => engine.validateRecord({ data: merged, submitted: patch, stored, locale: 'fr', now: NOW });
  if (!bare(stored) || !bare(merged) || !create().valid || !update().valid) throw new Error('the benchmark records must be valid');
  // Bare Ajv gets the very objects the engine hands to its validator (the new record as stored, the patched
  // record), alternately, so both sides see the same object shapes and neither runs on idealised inline caches.
  let turn = 0;
  const bareRun = () => bare((turn ^= 1) ? stored : merged);

  const rounds = opts.quick ? 3 : 9;
  const millis = opts.quick ? 250 : 1000;
  const samples = interleavedSamples({ bare: bareRun, create, update }, rounds, millis);
  const bareFigure = median(samples.bare);
  // Beside the ratio of the medians: the median of the per-round ratios, each taken between neighbouring samples.
  const pairedShare = (engine: number[]) => `${Math.round(100 * median(engine.map((ops, i) => ops / samples.bare[i])))} % of bare Ajv paired by round`;
  const fields = `${form.id}, ${fieldCount(form.fields)} fields, ${Object.keys(record).length} values`;
  const row = (scenario: string, figure: number, floor: number, floorLabel: string, note: string): BenchRow => ({
    scenario,
    figure: Math.round(figure),
    unit: 'validations/s',
    floor: Math.round(floor),
    floorLabel,
    ratio: Number((figure / floor).toFixed(2)),
    note,
  });
  return [
    row('forms: bare Ajv validator', bareFigure, ABSOLUTE_FLOOR, '20k/s (50 µs per write)', `${fields}; the new and the patched record, alternately`),
    row('forms: validateRecord, new record', median(samples.create), bareFigure * ENGINE_FLOOR, '70% of bare Ajv', `${fields}; age calculated, location and options checked; ${pairedShare(samples.create)}`),
    row('forms: validateRecord, 2-field patch', median(samples.update), bareFigure * ENGINE_FLOOR, '70% of bare Ajv', `${fields}; stored data merged, one form touched; ${pairedShare(samples.update)}`),
  ];
}

const USAGE = `Usage: node dist/bench/forms-validation.bench.js [--quick]
  Validations per CPU-second of FormsEngine.validateRecord (new record, 2-field patch) on the largest demo form
  against a bare Ajv validator of the same compiled schema. Run from the repository root after npm run build.
  --quick   3 interleaved rounds of 250 ms per contender instead of 9 rounds of 1 s`;

if (require.main === module && process.argv.includes('--help')) process.stdout.write(`${USAGE}\n`);
else if (require.main === module) {
  run({ quick: process.argv.includes('--quick') }).then(
    (rows) => process.stdout.write(`${formatTable(rows)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
