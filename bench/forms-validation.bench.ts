// Validations per second of FormsEngine.validateRecord (the per-write hot path) on the largest demo form, against a
// bare Ajv validator of the same compiled schema built in the same run. Target: the engine keeps >= 70% of bare
// Ajv. Run standalone with `node dist/bench/forms-validation.bench.js [--quick]` from the repository root.
import { compileFormSchema, createFormAjv, FormsEngine, loadPackFromDir, validatePack, type FieldDefinition, type FormDefinition } from '@tutela/forms';
import { resolve } from 'node:path';
import type { BenchRow } from './bench-row';

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

/** Calls per second of `fn` over `millis` ms (callers alternate rounds so every contender sees the same load). */
function opsPerSecond(fn: () => unknown, millis: number): number {
  const deadline = process.hrtime.bigint() + BigInt(millis) * 1_000_000n;
  const start = process.hrtime.bigint();
  let calls = 0;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 500; i++) fn();
    calls += 500;
  }
  return calls / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

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

  const rounds = opts.quick ? 3 : 7;
  const millis = opts.quick ? 250 : 1000;
  const samples = { bare: [] as number[], create: [] as number[], update: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    samples.bare.push(opsPerSecond(bareRun, millis));
    samples.create.push(opsPerSecond(create, millis));
    samples.update.push(opsPerSecond(update, millis));
  }
  const bareFigure = median(samples.bare);
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
    row('forms: validateRecord, new record', median(samples.create), bareFigure * ENGINE_FLOOR, '70% of bare Ajv', `${fields}; age calculated, location and options checked`),
    row('forms: validateRecord, 2-field patch', median(samples.update), bareFigure * ENGINE_FLOOR, '70% of bare Ajv', `${fields}; stored data merged, one form touched`),
  ];
}

if (require.main === module) {
  run({ quick: process.argv.includes('--quick') }).then(
    (rows) => console.table(rows),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
