import { ActionDefinition, GuardDefinition, WorkflowRegistry, compileWorkflow, planTransition } from '@tutela/workflow';
import { makeContext, makeSnapshot, readFixture } from '../../test-fixtures/workflow-test-kit';

const minAgeGuard: GuardDefinition<{ age: number }> = {
  name: 'min_age',
  paramsSchema: { type: 'object', additionalProperties: false, required: ['age'], properties: { age: { type: 'integer', minimum: 0 } } },
  evaluate: (params, { snapshot }) =>
    typeof snapshot.data.age === 'number' && snapshot.data.age >= params.age
      ? { passed: true }
      : { passed: false, reason: { text: { en: `Younger than ${params.age}`, fr: `Moins de ${params.age} ans` } } },
};

const webhookAction: ActionDefinition<{ url: string }> = {
  name: 'call_webhook',
  paramsSchema: { type: 'object', additionalProperties: false, required: ['url'], properties: { url: { type: 'string' } } },
  run: (params) => ({ type: 'ext:webhook', url: params.url }),
};

describe('WorkflowRegistry', () => {
  it('holds the built-in guards and actions', () => {
    const registry = WorkflowRegistry.withBuiltins();
    expect(registry.guardNames().sort()).toEqual(['approval_granted', 'consent_given', 'field_condition', 'forms_complete', 'has_permission']);
    expect(registry.actionNames().sort()).toEqual([
      'assign', 'cancel_timers', 'clear_approvals', 'create_task', 'notify', 'request_approval', 'schedule_timer', 'set_fields',
    ]);
  });

  it('lets the service add guards and actions that definitions may then use', () => {
    const registry = WorkflowRegistry.withBuiltins().registerGuard(minAgeGuard).registerAction(webhookAction);
    const definition = readFixture('valid-minimal.json');
    const transitions = definition.transitions as Array<Record<string, unknown>>;
    transitions[0].guards = [{ guard: 'min_age', params: { age: 10 } }];
    transitions[0].actions = [{ action: 'call_webhook', params: { url: 'https://example.org/hook' } }];
    const { workflow, problems } = compileWorkflow(definition, registry);
    expect(problems).toEqual([]);
    if (!workflow) throw new Error('expected a workflow');

    const young = planTransition(workflow, makeSnapshot({ data: { age: 8 } }), 'submit', makeContext({ locale: 'fr' }));
    expect(young).toMatchObject({ outcome: 'rejected', code: 'guard_failed', failedGuards: [{ guard: 'min_age', reason: 'Moins de 10 ans' }] });
    const old = planTransition(workflow, makeSnapshot({ data: { age: 12 } }), 'submit', makeContext());
    expect(old).toMatchObject({ outcome: 'applied', effects: [{ type: 'ext:webhook', url: 'https://example.org/hook' }, { type: 'schedule_timer' }] });
  });

  it('validates parameters of added guards with their schema', () => {
    const registry = WorkflowRegistry.withBuiltins().registerGuard(minAgeGuard);
    expect(registry.checkGuardParams('min_age', { age: -1 }).map((p) => [p.code, p.path])).toEqual([['invalid_guard_params', '/age']]);
  });

  it('refuses duplicate names, names that are not snake_case and schemas Ajv cannot compile', () => {
    const registry = WorkflowRegistry.withBuiltins();
    expect(() => registry.registerGuard({ ...minAgeGuard, name: 'has_permission' })).toThrow('already registered');
    expect(() => registry.registerAction({ ...webhookAction, name: 'callWebhook' })).toThrow('snake_case');
    expect(() => registry.registerGuard({ ...minAgeGuard, paramsSchema: { type: 'object', properties: { a: { type: 'nonsense' } } } })).toThrow(
      'parameter schema of "min_age" is invalid',
    );
  });

  it('refuses to check parameters of something it does not hold', () => {
    expect(() => WorkflowRegistry.withBuiltins().checkActionParams('nothing', {})).toThrow('Unknown action');
  });

  it('keeps a message catalog with valid keys only', () => {
    const registry = new WorkflowRegistry().registerMessages({ 'alerts.late': { en: 'Late', fr: 'En retard' } });
    expect(registry.messages.get('alerts.late')).toEqual({ en: 'Late', fr: 'En retard' });
    expect(() => registry.registerMessages({ 'Bad Key': { en: 'x' } })).toThrow('Invalid message key');
  });
});
