import type { CompiledWorkflow } from '../compile/compiled-workflow.types';
import { DurationSpec } from '../definition/workflow-definition.types';
import { caseFieldView } from '../guards/case-field-view';
import { readField } from '../conditions/case-condition.evaluator';
import { CaseSnapshot } from '../machine/case-snapshot.types';
import { addIsoDuration } from '../time/iso-duration';

/**
 * The ISO-8601 duration that applies to this case: a fixed one, or the one listed for the value of the named field
 * (e.g. `risk_level`), else the default. The default is mandatory so that a case with no value still gets a deadline.
 */
export function resolveDuration(spec: DurationSpec, snapshot: CaseSnapshot): string {
  if (typeof spec === 'string') return spec;
  const value = readField(caseFieldView(snapshot), spec.field);
  const key = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  return key !== undefined && Object.prototype.hasOwnProperty.call(spec.values, key) ? spec.values[key] : spec.default;
}

/** When a timer started at `startedAt` falls due for this case. */
export function dueAtFor(spec: DurationSpec, snapshot: CaseSnapshot, startedAt: Date): Date {
  return addIsoDuration(startedAt, resolveDuration(spec, snapshot));
}

const durationFields = new WeakMap<CompiledWorkflow, ReadonlySet<string>>();

/**
 * The top-level case fields the workflow's timer durations read (e.g. `risk_level`): an edit that changes none of
 * them cannot move a deadline, so the caller may skip re-planning the live timers.
 */
export function timerDurationFields(workflow: CompiledWorkflow): ReadonlySet<string> {
  let fields = durationFields.get(workflow);
  if (!fields) {
    fields = new Set([...workflow.timers.values()].flatMap((timer) => (typeof timer.duration === 'string' ? [] : [timer.duration.field.split('.')[0]])));
    durationFields.set(workflow, fields);
  }
  return fields;
}
