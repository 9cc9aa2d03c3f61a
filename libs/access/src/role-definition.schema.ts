import { ID_PATTERN, JSON_SCHEMA_DIALECT, idListSchema, localizedDescriptionSchema, localizedNameSchema } from './access-schema.shared';
import { RESOURCE_ACTIONS } from './permission.catalog';
import { CASE_SCOPES, FORM_ACCESS_LEVELS } from './role-definition.types';

const verbList = (verbs: readonly string[]) => ({ type: 'array', uniqueItems: true, items: { enum: [...verbs] } }) as const;

/** JSON Schema (2020-12) of `roles/<id>.json` and of `/admin/roles` bodies. Cross-file rules live in the validator. */
export const ROLE_DEFINITION_SCHEMA = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: 'https://tutela.dev/schemas/role-definition.json',
  title: 'Tutela role',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'scope', 'permissions', 'forms'],
  properties: {
    $schema: { type: 'string', description: "Editors' pointer to this schema; ignored." },
    id: { type: 'string', pattern: ID_PATTERN },
    name: localizedNameSchema,
    description: localizedDescriptionSchema,
    scope: { enum: [...CASE_SCOPES], description: 'Record scope of every case verb; each scope includes own cases.' },
    modules: { ...idListSchema, minItems: 1, description: 'Case modules the role works in; absent means all.' },
    permissions: {
      type: 'object',
      additionalProperties: false,
      properties: {
        case: verbList(RESOURCE_ACTIONS.case),
        config: verbList(RESOURCE_ACTIONS.config),
        user: verbList(RESOURCE_ACTIONS.user),
        audit_log: verbList(RESOURCE_ACTIONS.audit_log),
      },
    },
    forms: {
      type: 'object',
      description: 'Form id, or "*" for every form, to read | write | none. A form id overrides "*".',
      propertyNames: { anyOf: [{ const: '*' }, { pattern: ID_PATTERN }] },
      additionalProperties: { enum: [...FORM_ACCESS_LEVELS] },
    },
    flags: {
      type: 'object',
      additionalProperties: false,
      properties: {
        disabled: { type: 'boolean', description: 'A disabled role grants nothing.' },
        statsOnly: { type: 'boolean', description: 'Aggregates only: no case verb but view_stats.' },
      },
    },
  },
} as const;
