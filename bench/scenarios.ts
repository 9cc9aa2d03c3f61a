import type { BenchRow } from './bench-row';
import type { BenchContext } from './support/bench-context';
import * as formsValidation from './forms-validation.bench';
import * as cases from './scenarios/cases.bench';
import * as dashboards from './scenarios/dashboards.bench';
import * as exportsScenario from './scenarios/exports.bench';
import * as imports from './scenarios/imports.bench';
import * as odkSoak from './scenarios/odk-soak.bench';
import * as sync from './scenarios/sync.bench';
import * as transitions from './scenarios/transitions.bench';

/**
 * The roles the scenarios add to the demo pack. The run publishes them before the first service starts: in --quick
 * the services are shared, and a role stored behind a running process's back would not be in its snapshot.
 */
export const SCENARIO_ROLES = [cases.UNRESTRICTED_ROLE, exportsScenario.EXPORTER_ROLE, imports.IMPORTER_ROLE, odkSoak.SOAK_ROLE];

export type ScenarioRun = (ctx: BenchContext) => Promise<BenchRow[]>;

/**
 * Every scenario `npm run bench` runs, in this order, after the floors. Adding one is one line here (plus its
 * import): a module whose `run(ctx)` returns table rows; see bench/README.md.
 */
export const SCENARIOS: ReadonlyArray<readonly [name: string, run: ScenarioRun]> = [
  ['forms-validation', (ctx) => formsValidation.run({ quick: ctx.quick })],
  ['cases', cases.run],
  ['transitions', transitions.run],
  ['sync', sync.run],
  ['dashboards', dashboards.run],
  ['exports', exportsScenario.run],
  ['imports', imports.run],
  ['odk-soak', odkSoak.run],
];
