import { AGENCY_SCHEMA, ROLE_DEFINITION_SCHEMA, USER_ACCOUNT_SCHEMA, USER_GROUP_SCHEMA } from '@tutela/access';

/**
 * Request bodies of the admin routes. The item schemas come from the access lib (the pack files use the same ones);
 * their 2020-12 `$schema`/`$id` are dropped because the body pipe runs the default dialect. Services validate again
 * with the lib's validators and check references (roles, agencies, groups, locations) against the database.
 */
// A mutable copy: Swagger's types do not accept the lib's deeply readonly schema literals.
function item(schema: { $schema?: string; $id?: string }): Record<string, any> {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return structuredClone(rest);
}

const account = item(USER_ACCOUNT_SCHEMA);
const password = { type: 'string', minLength: 1, maxLength: 1000, description: 'Checked by the password policy (422 with one detail per rule broken)' };

export const createUserSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'fullName', 'roleId', 'agencyId', 'password'],
  properties: { ...account.properties, password },
};

export const updateUserSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    fullName: account.properties.fullName,
    email: { anyOf: [account.properties.email, { type: 'null' }] },
    position: { anyOf: [account.properties.position, { type: 'null' }] },
    roleId: account.properties.roleId,
    agencyId: account.properties.agencyId,
    groupIds: account.properties.groupIds,
    locationCode: account.properties.locationCode,
    locale: account.properties.locale,
    disabled: account.properties.disabled,
  },
};

export const resetPasswordSchema = { type: 'object', additionalProperties: false, required: ['password'], properties: { password } };

/** Roles are validated by the access lib alone (every problem at once); the pipe only checks the shape. */
export const roleSchema = {
  type: 'object',
  title: ROLE_DEFINITION_SCHEMA.title,
  description: 'A role definition: docs/role-definition.schema.json',
  required: ['id'],
  properties: { id: ROLE_DEFINITION_SCHEMA.properties.id },
};

export const agencySchema = item(AGENCY_SCHEMA);
export const userGroupSchema = item(USER_GROUP_SCHEMA);

export const breakGlassSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: { type: 'string', minLength: 1, maxLength: 2000, description: 'Why the case must be opened (at least 10 characters); audited and shown in the case history' },
    durationMinutes: { type: 'integer', minimum: 1, maximum: 1440, description: 'Default 60, at most 24 hours' },
  },
};
