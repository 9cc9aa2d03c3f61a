import { WORKFLOW_PROBLEM_CODES, WorkflowProblem, WorkflowRegistry, compileWorkflow } from '@tutela/workflow';
import { readFixture } from '../../test-fixtures/workflow-test-kit';

const registry = WorkflowRegistry.withBuiltins();
const problemsOf = (fixture: string, locales?: string[]): Array<Pick<WorkflowProblem, 'code' | 'path'>> =>
  compileWorkflow(readFixture(`broken/${fixture}.json`), registry, locales ? { locales } : {}).problems.map(({ code, path }) => ({ code, path }));

describe('compileWorkflow', () => {
  it('compiles a valid definition into maps bound to the registry', () => {
    const { workflow, problems } = compileWorkflow(readFixture('valid-minimal.json'), registry, { file: 'minimal.json' });
    expect(problems).toEqual([]);
    expect(workflow?.id).toBe('minimal');
    expect(workflow?.source).toBe('minimal.json');
    expect([...(workflow?.states.keys() ?? [])]).toEqual(['open', 'review', 'done']);
    expect(workflow?.transitions.get('send_back')?.from).toEqual(['review']);
    expect(workflow?.transitions.get('submit')?.guards[0].definition.name).toBe('has_permission');
    expect(workflow?.timers.get('review_deadline')?.startOnEnter).toBe(true);
    expect(workflow?.messages.get('review_late')?.fr).toBe('La revue est en retard');
  });

  it('freezes the definition it keeps, and does not share it with the caller', () => {
    const source = readFixture('valid-minimal.json');
    const { workflow } = compileWorkflow(source, registry);
    expect(Object.isFrozen(workflow?.definition.states[0].label)).toBe(true);
    (source.states as Array<{ id: string }>)[0].id = 'changed';
    expect(workflow?.states.has('open')).toBe(true);
  });

  it('returns no workflow when anything is wrong, and copies the file into each problem', () => {
    const result = compileWorkflow(readFixture('broken/unknown-guard.json'), registry, { file: 'wf/x.json' });
    expect(result.workflow).toBeNull();
    expect(result.problems).toEqual([expect.objectContaining({ file: 'wf/x.json', code: 'unknown_guard' })]);
  });

  it('reports schema violations by JSON pointer', () => {
    expect(problemsOf('invalid-definition')).toEqual([
      { code: 'invalid_definition', path: '/name' },
      { code: 'invalid_definition', path: '/colour' },
      { code: 'invalid_definition', path: '/version' },
      { code: 'invalid_definition', path: '/states/0/label' },
    ]);
  });

  it('reports something that is not even an object', () => {
    expect(compileWorkflow([], registry).problems).toEqual([expect.objectContaining({ code: 'invalid_definition', path: '' })]);
  });

  it('reports duplicate states, transitions, timers and approval types', () => {
    expect(problemsOf('duplicate-ids')).toEqual([
      { code: 'duplicate_id', path: '/states/3/id' },
      { code: 'duplicate_id', path: '/transitions/4/name' },
      { code: 'duplicate_id', path: '/timers/1/name' },
      { code: 'duplicate_id', path: '/approvals/1/type' },
    ]);
  });

  it('reports unknown states wherever a state is named', () => {
    expect(problemsOf('unknown-state')).toEqual([
      { code: 'unknown_state', path: '/initialState' },
      { code: 'unknown_state', path: '/transitions/0/to' },
      { code: 'unknown_state', path: '/transitions/2/from/1' },
      { code: 'unknown_state', path: '/timers/0/state' },
      { code: 'unknown_state', path: '/approvals/0/requestableIn/0' },
    ]);
  });

  it('reports unreachable states, dead ends and the lack of a final state', () => {
    expect(problemsOf('unreachable-state')).toEqual([{ code: 'unreachable_state', path: '/states/2' }]);
    expect(problemsOf('dead-end-state')).toEqual([{ code: 'dead_end_state', path: '/states/2' }]);
    expect(problemsOf('no-final-state')).toEqual([{ code: 'no_final_state', path: '/states' }]);
  });

  it('reports unknown guards and actions, in transitions and timers', () => {
    expect(problemsOf('unknown-guard')).toEqual([{ code: 'unknown_guard', path: '/transitions/0/guards/1/guard' }]);
    expect(problemsOf('unknown-action')).toEqual([
      { code: 'unknown_action', path: '/transitions/1/actions/1/action' },
      { code: 'unknown_action', path: '/timers/0/onExpiry/1/action' },
    ]);
  });

  it('checks guard and action parameters against the schema each one declares', () => {
    expect(problemsOf('invalid-guard-params')).toEqual([
      { code: 'invalid_guard_params', path: '/transitions/0/guards/0/params/permission' },
      { code: 'invalid_guard_params', path: '/transitions/0/guards/1/params/forms' },
      { code: 'invalid_guard_params', path: '/transitions/0/guards/2/params/value' },
      { code: 'invalid_guard_params', path: '/transitions/0/guards/3/params/extra' },
    ]);
    expect(problemsOf('invalid-action-params')).toEqual([
      { code: 'invalid_action_params', path: '/transitions/0/actions/0/params/values/closed_on' },
      { code: 'invalid_action_params', path: '/transitions/0/actions/1/params/to' },
      { code: 'invalid_duration', path: '/timers/0/onExpiry/0/params/dueIn' },
    ]);
  });

  it('reports timers, approval types and message keys that parameters name but the definition lacks', () => {
    expect(problemsOf('unknown-timer')).toEqual([
      { code: 'unknown_timer', path: '/transitions/0/actions/1/params/timer' },
      { code: 'unknown_timer', path: '/transitions/1/actions/0/params/timers/1' },
    ]);
    expect(problemsOf('unknown-approval-type')).toEqual([
      { code: 'unknown_approval_type', path: '/transitions/1/guards/0/params/type' },
      { code: 'unknown_approval_type', path: '/transitions/3/actions/0/params/types/1' },
      { code: 'unknown_approval_type', path: '/transitions/3/actions/1/params/type' },
    ]);
    expect(problemsOf('unknown-message')).toEqual([{ code: 'unknown_message', path: '/timers/0/onExpiry/0/params/message' }]);
  });

  it('accepts message keys the registry provides', () => {
    const withCatalog = WorkflowRegistry.withBuiltins().registerMessages({ review_overdue: { en: 'Late', fr: 'En retard' } });
    expect(compileWorkflow(readFixture('broken/unknown-message.json'), withCatalog).problems).toEqual([]);
  });

  it('reports durations that are not whole-number ISO-8601', () => {
    expect(problemsOf('invalid-duration')).toEqual([
      { code: 'invalid_duration', path: '/timers/0/duration/values/high' },
      { code: 'invalid_duration', path: '/timers/0/duration/default' },
      { code: 'invalid_duration', path: '/timers/1/duration' },
    ]);
  });

  it('reports every missing or blank translation, including texts inside action parameters', () => {
    expect(problemsOf('missing-translation')).toEqual([
      { code: 'missing_translation', path: '/name/fr' },
      { code: 'missing_translation', path: '/states/1/label/fr' },
      { code: 'missing_translation', path: '/transitions/0/label/en' },
      { code: 'missing_translation', path: '/timers/0/label/fr' },
      { code: 'missing_translation', path: '/approvals/0/label/fr' },
      { code: 'missing_translation', path: '/transitions/0/guards/0/message/fr' },
      { code: 'missing_translation', path: '/messages/review_late/fr' },
      { code: 'missing_translation', path: '/timers/0/onExpiry/1/params/label/fr' },
    ]);
  });

  it('checks the locales the caller asks for', () => {
    const definition = readFixture('valid-minimal.json');
    expect(compileWorkflow(definition, registry, { locales: ['en', 'fr', 'bm'] }).problems).toContainEqual(
      expect.objectContaining({ code: 'missing_translation', path: '/name/bm' }),
    );
    const englishOnly = problemsOf('missing-translation', ['en']);
    expect(englishOnly).toEqual([{ code: 'missing_translation', path: '/transitions/0/label/en' }]);
  });

  it('lists every problem of a definition at once, not only the first', () => {
    expect(problemsOf('many-problems').map((problem) => problem.code).sort()).toEqual([
      'invalid_action_params',
      'invalid_duration',
      'missing_translation',
      'unknown_guard',
      'unknown_state',
    ]);
  });

  it('has a fixture for every problem kind a definition itself can have', () => {
    const fileLevel = ['unreadable_file', 'invalid_json', 'id_mismatch'];
    const seen = new Set<string>();
    const fixtures = [
      'invalid-definition', 'duplicate-ids', 'unknown-state', 'unreachable-state', 'dead-end-state', 'no-final-state',
      'unknown-guard', 'unknown-action', 'invalid-guard-params', 'invalid-action-params', 'unknown-timer',
      'unknown-approval-type', 'unknown-message', 'invalid-duration', 'missing-translation',
    ];
    for (const fixture of fixtures) problemsOf(fixture).forEach((problem) => seen.add(problem.code));
    expect([...seen].sort()).toEqual(WORKFLOW_PROBLEM_CODES.filter((code) => !fileLevel.includes(code)).sort());
  });
});
