import type { ValidateFunction } from 'ajv';
import { DefinitionProblem } from '../definition/workflow-problem.types';
import { LocalizedText } from '../localization/localized-text';
import { ajvErrorsToProblems, createConfigAjv } from '../compile/ajv.factory';
import { approvalGrantedGuard } from '../guards/approval-granted.guard';
import { consentGivenGuard } from '../guards/consent-given.guard';
import { fieldConditionGuard } from '../guards/field-condition.guard';
import { formsCompleteGuard } from '../guards/forms-complete.guard';
import { hasPermissionGuard } from '../guards/has-permission.guard';
import { assignAction } from '../actions/assign.action';
import { cancelTimersAction } from '../actions/cancel-timers.action';
import { clearApprovalsAction } from '../actions/clear-approvals.action';
import { createTaskAction } from '../actions/create-task.action';
import { notifyAction } from '../actions/notify.action';
import { requestApprovalAction } from '../actions/request-approval.action';
import { scheduleTimerAction } from '../actions/schedule-timer.action';
import { setFieldsAction } from '../actions/set-fields.action';
import { ActionDefinition, GuardDefinition } from './registry.types';

const NAME = /^[a-z][a-z0-9_]*$/;
/**
 * One Ajv for every registry of the process: Ajv caches what it compiled by schema object, and parameter schemas are
 * module constants, so a process building several registries (the configuration snapshot, pack checks at start)
 * compiles each schema once. Compiling the built-ins twice was a tenth of a service's start-up CPU.
 */
let sharedAjv: ReturnType<typeof createConfigAjv> | undefined;
const MESSAGE_KEY = /^[a-z][a-z0-9_.]*$/;

/**
 * The guards and actions workflow files may name. Only code registers them, so a definition can combine them but
 * never smuggle in behaviour. Registration errors are programming errors and throw; definition errors are problems.
 */
export class WorkflowRegistry {
  private readonly guards = new Map<string, { definition: GuardDefinition; validate: ValidateFunction }>();
  private readonly actions = new Map<string, { definition: ActionDefinition; validate: ValidateFunction }>();
  private readonly messageCatalog = new Map<string, LocalizedText>();

  /** A registry holding every built-in guard and action (docs/workflows.md lists them). */
  static withBuiltins(): WorkflowRegistry {
    const registry = new WorkflowRegistry();
    const guards: GuardDefinition[] = [formsCompleteGuard, fieldConditionGuard, hasPermissionGuard, approvalGrantedGuard, consentGivenGuard];
    const actions: ActionDefinition[] = [
      setFieldsAction,
      assignAction,
      notifyAction,
      scheduleTimerAction,
      cancelTimersAction,
      createTaskAction,
      requestApprovalAction,
      clearApprovalsAction,
    ];
    guards.forEach((guard) => registry.registerGuard(guard));
    actions.forEach((action) => registry.registerAction(action));
    return registry;
  }

  registerGuard<P>(definition: GuardDefinition<P>): this {
    this.assertNewName(definition.name, this.guards, 'guard');
    this.guards.set(definition.name, { definition, validate: this.compileParams(definition.name, definition.paramsSchema) });
    return this;
  }

  registerAction<P>(definition: ActionDefinition<P>): this {
    this.assertNewName(definition.name, this.actions, 'action');
    this.actions.set(definition.name, { definition, validate: this.compileParams(definition.name, definition.paramsSchema) });
    return this;
  }

  /** Messages `notify` may name by key in any definition (a definition's own `messages` take precedence). */
  registerMessages(messages: Record<string, LocalizedText>): this {
    for (const [key, text] of Object.entries(messages)) {
      if (!MESSAGE_KEY.test(key)) throw new Error(`Invalid message key "${key}"`);
      this.messageCatalog.set(key, Object.freeze({ ...text }));
    }
    return this;
  }

  guard(name: string): GuardDefinition | undefined {
    return this.guards.get(name)?.definition;
  }

  action(name: string): ActionDefinition | undefined {
    return this.actions.get(name)?.definition;
  }

  guardNames(): string[] {
    return [...this.guards.keys()];
  }

  actionNames(): string[] {
    return [...this.actions.keys()];
  }

  get messages(): ReadonlyMap<string, LocalizedText> {
    return this.messageCatalog;
  }

  /** Problems in a guard's parameters against its schema (pointers relative to the parameters). */
  checkGuardParams(name: string, params: unknown): DefinitionProblem[] {
    const entry = this.guards.get(name);
    if (!entry) throw new Error(`Unknown guard "${name}"`);
    return entry.validate(params) ? [] : ajvErrorsToProblems(entry.validate.errors, 'invalid_guard_params');
  }

  /** Problems in an action's parameters against its schema (pointers relative to the parameters). */
  checkActionParams(name: string, params: unknown): DefinitionProblem[] {
    const entry = this.actions.get(name);
    if (!entry) throw new Error(`Unknown action "${name}"`);
    return entry.validate(params) ? [] : ajvErrorsToProblems(entry.validate.errors, 'invalid_action_params');
  }

  private assertNewName(name: string, registered: Map<string, unknown>, kind: string): void {
    if (!NAME.test(name)) throw new Error(`Invalid ${kind} name "${name}": use snake_case`);
    if (registered.has(name)) throw new Error(`The ${kind} "${name}" is already registered`);
  }

  private compileParams(name: string, schema: Record<string, unknown>): ValidateFunction {
    try {
      return (sharedAjv ??= createConfigAjv()).compile(schema);
    } catch (error) {
      throw new Error(`The parameter schema of "${name}" is invalid: ${(error as Error).message}`);
    }
  }
}
