import type { BenchRow } from './bench-row';
import type { BenchContext } from './support/bench-context';
import * as formsValidation from './forms-validation.bench';
import * as transitions from './scenarios/transitions.bench';

export type ScenarioRun = (ctx: BenchContext) => Promise<BenchRow[]>;

/**
 * Every scenario `npm run bench` runs, in this order, after the floors. Adding one is one line here (plus its
 * import): a module whose `run(ctx)` returns table rows; see bench/README.md.
 */
export const SCENARIOS: ReadonlyArray<readonly [name: string, run: ScenarioRun]> = [
  ['forms-validation', (ctx) => formsValidation.run({ quick: ctx.quick })],
  ['transitions', transitions.run],
];
