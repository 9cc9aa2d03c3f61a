import { CaseCondition } from '../conditions/case-condition.types';
import { ActionReference } from '../definition/workflow-definition.types';
import { DEFAULT_CONSENT_FIELD } from '../guards/consent-given.guard';
import { CompiledWorkflow } from './compiled-workflow.types';

/** A name the workflow uses, with the JSON pointer of where it does. */
export interface WorkflowReference {
  value: string;
  path: string;
}

/**
 * What a workflow expects from the rest of the country pack. This lib cannot check these itself (forms and
 * permissions belong to other libs), so the service checks them at start-up and reports them with the problems.
 * Only the built-in guards and actions are understood.
 */
export interface WorkflowReferences {
  /** Form ids named by `forms_complete`. */
  forms: WorkflowReference[];
  /** Case fields read by `field_condition`, `consent_given` and field-dependent durations (dotted paths as written). */
  fieldsRead: WorkflowReference[];
  /** Case fields written by `set_fields`. */
  fieldsWritten: WorkflowReference[];
  /** Permissions named by `has_permission`, `consent_given` overrides and approval types. */
  permissions: WorkflowReference[];
}

export function workflowReferences(workflow: CompiledWorkflow): WorkflowReferences {
  const refs: WorkflowReferences = { forms: [], fieldsRead: [], fieldsWritten: [], permissions: [] };
  const definition = workflow.definition;
  definition.transitions.forEach((transition, t) => {
    (transition.guards ?? []).forEach((guard, g) => {
      const base = `/transitions/${t}/guards/${g}/params`;
      const params = (guard.params ?? {}) as Record<string, unknown>;
      if (guard.guard === 'forms_complete') {
        (params.forms as string[]).forEach((form, i) => refs.forms.push({ value: form, path: `${base}/forms/${i}` }));
      } else if (guard.guard === 'field_condition') {
        collectConditionFields(params as unknown as CaseCondition, base, refs.fieldsRead);
      } else if (guard.guard === 'has_permission') {
        refs.permissions.push({ value: params.permission as string, path: `${base}/permission` });
      } else if (guard.guard === 'consent_given') {
        refs.fieldsRead.push({ value: (params.field as string | undefined) ?? DEFAULT_CONSENT_FIELD, path: `${base}/field` });
        if (typeof params.overridePermission === 'string') {
          refs.permissions.push({ value: params.overridePermission, path: `${base}/overridePermission` });
        }
      }
    });
    collectWrittenFields(transition.actions ?? [], `/transitions/${t}/actions`, refs.fieldsWritten);
  });
  (definition.timers ?? []).forEach((timer, t) => {
    if (typeof timer.duration !== 'string') refs.fieldsRead.push({ value: timer.duration.field, path: `/timers/${t}/duration/field` });
    collectWrittenFields(timer.onExpiry, `/timers/${t}/onExpiry`, refs.fieldsWritten);
  });
  (definition.approvals ?? []).forEach((approval, a) => {
    for (const key of ['permission', 'requestPermission', 'selfApprovalPermission'] as const) {
      const permission = approval[key];
      if (permission !== undefined) refs.permissions.push({ value: permission, path: `/approvals/${a}/${key}` });
    }
  });
  return refs;
}

function collectConditionFields(condition: CaseCondition, path: string, into: WorkflowReference[]): void {
  if ('all' in condition) condition.all.forEach((part, i) => collectConditionFields(part, `${path}/all/${i}`, into));
  else if ('any' in condition) condition.any.forEach((part, i) => collectConditionFields(part, `${path}/any/${i}`, into));
  else if ('not' in condition) collectConditionFields(condition.not, `${path}/not`, into);
  else into.push({ value: condition.field, path: `${path}/field` });
}

function collectWrittenFields(actions: readonly ActionReference[], base: string, into: WorkflowReference[]): void {
  actions.forEach((action, i) => {
    if (action.action !== 'set_fields') return;
    const values = ((action.params ?? {}) as { values: Record<string, unknown> }).values;
    for (const field of Object.keys(values)) into.push({ value: field, path: `${base}/${i}/params/values/${field}` });
  });
}
