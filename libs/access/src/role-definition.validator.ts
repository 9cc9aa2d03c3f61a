import { compileAccessSchema, schemaIssues, withFile } from './access-ajv';
import type { DefinitionIssue, DefinitionSource } from './definition-issue.types';
import { ALL_FORMS } from './form-access';
import { CASE_ACTIONS_REQUIRING_READ, STATS_ONLY_CASE_ACTIONS, type CaseAction } from './permission.catalog';
import { ROLE_DEFINITION_SCHEMA } from './role-definition.schema';
import type { RoleDefinition } from './role-definition.types';

/** Verbs that only make sense together with another one (besides the `read` rule for record verbs). */
const VERB_PREREQUISITES: Partial<Record<CaseAction, CaseAction>> = {
  import: 'create',
  self_approve: 'approve',
  break_glass: 'read',
  receive_referral: 'read',
  receive_transfer: 'read',
};

/**
 * Checks roles against the meta-schema and the rules a schema cannot express: unique ids, file named after the id,
 * known form ids, verb prerequisites, and the statistics-only guard. Returns every issue; empty means valid.
 */
export function validateRoleDefinitions(roles: readonly DefinitionSource[], knownFormIds: Iterable<string>): DefinitionIssue[] {
  const formIds = new Set(knownFormIds);
  const validate = compileAccessSchema(ROLE_DEFINITION_SCHEMA);
  const issues: DefinitionIssue[] = [];
  const firstFileOfId = new Map<string, string>();
  for (const { file, definition } of roles) {
    if (!validate(definition)) {
      issues.push(...schemaIssues(validate.errors, file));
      continue;
    }
    const role = definition as unknown as RoleDefinition;
    const issue = (path: string, message: string) => issues.push(withFile(file, { path, message }));
    if (firstFileOfId.has(role.id)) issue('/id', `duplicate role id "${role.id}" (also in ${firstFileOfId.get(role.id) || 'another role'})`);
    firstFileOfId.set(role.id, file ?? '');
    if (file !== undefined && baseName(file) !== `${role.id}.json`) issue('/id', `role "${role.id}" must be stored in ${role.id}.json`);
    for (const formId of Object.keys(role.forms)) {
      if (formId !== ALL_FORMS && !formIds.has(formId)) issue(`/forms/${formId}`, `unknown form "${formId}"`);
    }
    for (const message of verbProblems(role)) issue('/permissions/case', message);
  }
  return issues;
}

function verbProblems(role: RoleDefinition): string[] {
  const verbs = new Set((role.permissions.case ?? []) as CaseAction[]);
  const problems: string[] = [];
  if (role.flags?.statsOnly) {
    const extra = [...verbs].filter((verb) => !STATS_ONLY_CASE_ACTIONS.includes(verb));
    if (extra.length > 0) problems.push(`a statistics-only role may not hold ${extra.join(', ')}`);
    return problems;
  }
  for (const verb of verbs) {
    const needs: (CaseAction | undefined)[] = [
      (CASE_ACTIONS_REQUIRING_READ as readonly CaseAction[]).includes(verb) ? 'read' : undefined,
      VERB_PREREQUISITES[verb],
    ];
    for (const needed of new Set(needs)) if (needed && !verbs.has(needed)) problems.push(`"${verb}" requires "${needed}"`);
  }
  return problems;
}

const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;
