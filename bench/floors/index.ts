import type { BenchContext, Floors } from '../support/bench-context';
import { loadVocabulary } from '../generate/vocabulary';
import { measureAjvFloor } from './ajv.floor';
import { bullmqFloor } from './bullmq.floor';
import { bulkInsertFloor } from './bulk-insert.floor';
import { casePayloadSchema } from './case-payload.schema';
import { copyFloor } from './copy.floor';
import { httpEchoFloor } from './http-echo.floor';
import { pgInsertFloor } from './pg-insert.floor';
import { RowSupply, vacuumCases } from './floor-cases';

/** Measures every floor, one after the other (they would compete for the same 2 cores), and logs each. */
export async function measureFloors(ctx: BenchContext, packDir: string): Promise<Floors> {
  const floors: Floors = {};
  const supply = new RowSupply();
  const steps: Array<[keyof Floors, () => Promise<Floors[keyof Floors]>]> = [
    ['httpEcho', () => httpEchoFloor(ctx)],
    ['pgInsert', () => pgInsertFloor(ctx, supply)],
    ['bulkInsert', () => bulkInsertFloor(ctx, supply)],
    ['copy', () => copyFloor(ctx, supply)],
    ['ajv', async () => ajvRow(ctx, packDir)],
    ['bullmq', () => bullmqFloor(ctx)],
  ];
  for (const [name, measure] of steps) {
    ctx.log(`floor ${name}…`);
    floors[name] = await measure();
    ctx.log(`floor ${name}: ${floors[name]?.figure.toLocaleString('en')} ${floors[name]?.unit}`);
  }
  // The insert floors' rows are gone, their dead tuples not: the scenarios must not query a table full of them.
  await vacuumCases(ctx.databaseUrl);
  ctx.log('vacuumed cases after the insert floors');
  return floors;
}

function ajvRow(ctx: BenchContext, packDir: string) {
  const samples = ctx.payloads.map((p) => p.data);
  const result = measureAjvFloor(casePayloadSchema(loadVocabulary(packDir)), samples, (ctx.quick ? 2 : 5) * 1000);
  return ctx.row({
    scenario: 'floor: bare Ajv (create payload)',
    figure: result.validationsPerSecond,
    unit: 'validations/s',
    floor: { figure: result.validationsPerSecond, label: '(floor)' },
    errors: result.invalidSamples,
    note: `Ajv 2020 on a hand-written schema of the ~2 KB create payload, ${samples.length} samples`,
  });
}
