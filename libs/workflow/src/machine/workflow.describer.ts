import { CompiledWorkflow } from '../compile/compiled-workflow.types';
import { localize } from '../localization/localized-text';

/** A workflow as `GET /workflows/:id` shows it: states, transitions and approval types, labels in one locale. */
export interface WorkflowDescription {
  id: string;
  version: number;
  name: string;
  initialState: string;
  states: Array<{ id: string; label: string; final: boolean }>;
  transitions: Array<{ name: string; label: string; from: string[]; to: string }>;
  approvalTypes: Array<{ type: string; label: string; required: boolean; requestableIn: string[] | null }>;
  timers: Array<{ name: string; state: string; label: string | null }>;
}

/** Describes a workflow for clients; guard and action internals stay on the server. */
export function describeWorkflow(workflow: CompiledWorkflow, locale: string): WorkflowDescription {
  return {
    id: workflow.id,
    version: workflow.version,
    name: localize(workflow.name, locale),
    initialState: workflow.initialState,
    states: [...workflow.states.values()].map((state) => ({
      id: state.id,
      label: localize(state.label, locale),
      final: state.final === true,
    })),
    transitions: [...workflow.transitions.values()].map((transition) => ({
      name: transition.name,
      label: localize(transition.label, locale),
      from: [...transition.from],
      to: transition.to,
    })),
    approvalTypes: [...workflow.approvals.values()].map((approval) => ({
      type: approval.type,
      label: localize(approval.label, locale),
      required: approval.required !== false,
      requestableIn: approval.requestableIn ? [...approval.requestableIn] : null,
    })),
    timers: [...workflow.timers.values()].map((timer) => ({
      name: timer.name,
      state: timer.state,
      label: timer.label ? localize(timer.label, locale) : null,
    })),
  };
}
