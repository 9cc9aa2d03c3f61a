import { compileAccessSchema, schemaIssues, withFile } from './access-ajv';
import { AGENCIES_FILE_SCHEMA, AGENCY_SCHEMA, DEMO_USERS_FILE_SCHEMA, USER_ACCOUNT_SCHEMA, USER_GROUPS_FILE_SCHEMA, USER_GROUP_SCHEMA } from './access-pack.schema';
import type { AgencyDefinition, UserAccountDefinition, UserGroupDefinition } from './access-pack.types';
import type { DefinitionIssue, DefinitionSource } from './definition-issue.types';
import { validateRoleDefinitions } from './role-definition.validator';
import type { RoleDefinition } from './role-definition.types';

/** The access part of a country pack: roles/*.json, agencies.json, user-groups.json, demo-users.json. */
export interface AccessPackSources {
  roles: readonly DefinitionSource[];
  agencies: DefinitionSource;
  userGroups: DefinitionSource;
  /** Optional: a production pack ships no demo users. */
  users?: DefinitionSource;
}

export interface AccessPackContext {
  knownFormIds: Iterable<string>;
  /** When given, users' home locations must be among them. */
  knownLocationCodes?: Iterable<string>;
  /** When given (the service_type lookup), agencies' services must be among them. */
  knownServiceIds?: Iterable<string>;
}

/** Validates the four kinds of files and their cross-references (roles, agencies, groups and locations users name). */
export function validateAccessPack(pack: AccessPackSources, context: AccessPackContext): DefinitionIssue[] {
  const issues = validateRoleDefinitions(pack.roles, context.knownFormIds);
  const roleIds = new Set(pack.roles.map((role) => (role.definition as Partial<RoleDefinition> | null)?.id).filter(isString));

  const agencies = validFile<AgencyDefinition>(pack.agencies, AGENCIES_FILE_SCHEMA, issues);
  const agencyIds = uniqueIds(agencies, (agency) => agency.id, pack.agencies.file, 'id', issues);
  const services = context.knownServiceIds ? new Set(context.knownServiceIds) : undefined;
  agencies.forEach((agency, index) =>
    (agency.services ?? []).forEach((service, at) => {
      if (services && !services.has(service)) issues.push(withFile(pack.agencies.file, { path: `/${index}/services/${at}`, message: `unknown service "${service}"` }));
    }),
  );

  const groups = validFile<UserGroupDefinition>(pack.userGroups, USER_GROUPS_FILE_SCHEMA, issues);
  const groupIds = uniqueIds(groups, (group) => group.id, pack.userGroups.file, 'id', issues);
  groups.forEach((group, index) =>
    group.agencyIds.forEach((agencyId, at) => {
      if (!agencyIds.has(agencyId)) issues.push(withFile(pack.userGroups.file, { path: `/${index}/agencyIds/${at}`, message: `unknown agency "${agencyId}"` }));
    }),
  );

  if (pack.users) {
    const file = pack.users.file;
    const users = validFile<UserAccountDefinition>(pack.users, DEMO_USERS_FILE_SCHEMA, issues);
    uniqueIds(users, (user) => user.username.toLowerCase(), file, 'username', issues);
    const locations = context.knownLocationCodes ? new Set(context.knownLocationCodes) : undefined;
    users.forEach((user, index) => {
      const issue = (path: string, message: string) => issues.push(withFile(file, { path: `/${index}${path}`, message }));
      if (!roleIds.has(user.roleId)) issue('/roleId', `unknown role "${user.roleId}"`);
      if (!agencyIds.has(user.agencyId)) issue('/agencyId', `unknown agency "${user.agencyId}"`);
      user.groupIds.forEach((groupId, at) => {
        if (!groupIds.has(groupId)) issue(`/groupIds/${at}`, `unknown user group "${groupId}"`);
      });
      if (locations && user.locationCode !== null && !locations.has(user.locationCode)) issue('/locationCode', `unknown location "${user.locationCode}"`);
    });
  }
  return issues;
}

/** Single-item checks for the admin API bodies (cross-references are the service's to check against the database). */
export const validateAgencyDefinition = (value: unknown): DefinitionIssue[] => itemIssues(value, AGENCY_SCHEMA);
export const validateUserGroupDefinition = (value: unknown): DefinitionIssue[] => itemIssues(value, USER_GROUP_SCHEMA);
export const validateUserAccountDefinition = (value: unknown): DefinitionIssue[] => itemIssues(value, USER_ACCOUNT_SCHEMA);

function itemIssues(value: unknown, schema: object): DefinitionIssue[] {
  const validate = compileAccessSchema(schema);
  return validate(value) ? [] : schemaIssues(validate.errors, undefined);
}

/** The file's items when it is valid as a whole, else none (its issues are reported, cross-checks skipped). */
function validFile<T>(source: DefinitionSource, schema: object, issues: DefinitionIssue[]): T[] {
  const validate = compileAccessSchema(schema);
  if (validate(source.definition)) return source.definition as T[];
  issues.push(...schemaIssues(validate.errors, source.file));
  return [];
}

function uniqueIds<T>(items: T[], key: (item: T) => string, file: string | undefined, property: string, issues: DefinitionIssue[]): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const id = key(item);
    if (seen.has(id)) issues.push(withFile(file, { path: `/${index}/${property}`, message: `duplicate ${property} "${id}"` }));
    seen.add(id);
  });
  return seen;
}

const isString = (value: unknown): value is string => typeof value === 'string';
