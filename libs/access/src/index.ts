export * from './permission.catalog';
export * from './role-definition.types';
export * from './case-access.types';
export * from './field-catalog.types';
export * from './definition-issue.types';
export * from './access-pack.types';
export { caseSubject, defineAbilityFor, type AbilityOptions, type CaseSubject, type TutelaAbility, type TutelaSubject } from './ability.factory';
export { isLocationUnder } from './case-conditions';
export { assertCaseAccess, decideCaseAccess, type CaseAccessDecision } from './case-access.decider';
export { caseAccessToSql, type CaseAccessSqlOptions, type SqlFragment } from './case-access.sql';
export { ALL_FORMS, formAccessFor } from './form-access';
export { FieldPermissions } from './field-permissions';
export { DEFAULT_ITEM_ID_KEY, fieldPermissionsFor, type FieldPermissionOptions } from './field-permissions.factory';
export { fieldPermissionsForCase, type CaseFieldPermissionInput } from './case-field-permissions';
export { ROLE_DEFINITION_SCHEMA } from './role-definition.schema';
export { validateRoleDefinitions } from './role-definition.validator';
export * from './access-pack.schema';
export {
  validateAccessPack,
  validateAgencyDefinition,
  validateUserAccountDefinition,
  validateUserGroupDefinition,
  type AccessPackContext,
  type AccessPackSources,
} from './access-pack.validator';
export * from './password.policy';
export * from './break-glass';
export { permissionsSummary, type PermissionsSummary } from './permissions-summary';
