import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '@tutela/common';
import { caseSubject, defineAbilityFor } from './ability.factory';
import { validateAccessPack } from './access-pack.validator';
import type { UserAccountDefinition } from './access-pack.types';
import { caseAccessToSql } from './case-access.sql';
import { decideCaseAccess } from './case-access.decider';
import { fieldPermissionsForCase } from './case-field-permissions';
import type { CaseAccessAttributes } from './case-access.types';
import type { FieldCatalogEntry } from './field-catalog.types';
import type { RoleDefinition } from './role-definition.types';

/** The Mali demo pack as shipped: its access files must validate against the rest of the pack and behave as API.md says. */
const PACK = join(__dirname, '../../../form-definitions/mli');
const json = (file: string): any => JSON.parse(readFileSync(join(PACK, file), 'utf8'));

const roleFiles = readdirSync(join(PACK, 'roles')).filter((name) => name.endsWith('.json'));
const formFiles = readdirSync(join(PACK, 'forms')).filter((name) => name.endsWith('.json'));
const roles = new Map<string, RoleDefinition>(roleFiles.map((name) => [name.replace(/\.json$/, ''), json(`roles/${name}`)]));
const users: UserAccountDefinition[] = json('demo-users.json');
const locationCodes = readFileSync(join(PACK, 'locations/mli.csv'), 'utf8')
  .split(/\r?\n/)
  .slice(1)
  .map((line) => line.split(',')[0])
  .filter(Boolean);
const locationPath = (code: string): string => (code.length <= 2 ? code : `${locationPath(code.slice(0, -2))}.${code}`);

/** Field catalog of the pack's forms, flattened the way the lead's adapter will (subforms nested). */
const CATALOG: FieldCatalogEntry[] = formFiles.flatMap((name) => {
  const form = json(`forms/${name}`);
  const entry = (field: any): FieldCatalogEntry => ({
    name: field.name,
    formId: form.id,
    sensitive: field.sensitive === true,
    ...(field.fields && { subformFields: field.fields.map(entry) }),
  });
  return form.fields.map(entry);
});

const IDS: Record<string, string> = {
  admin: '00000000-0000-4000-8000-000000000001',
  supervisor: '00000000-0000-4000-8000-000000000002',
  worker1: '00000000-0000-4000-8000-000000000003',
  worker2: '00000000-0000-4000-8000-000000000004',
  ngo_worker: '00000000-0000-4000-8000-000000000005',
  analyst: '00000000-0000-4000-8000-000000000006',
};
function demoActor(username: string): { actor: Actor; role: RoleDefinition } {
  const user = users.find((candidate) => candidate.username === username)!;
  const actor: Actor = {
    userId: IDS[username],
    username,
    roleId: user.roleId,
    agencyId: user.agencyId,
    groupIds: user.groupIds,
    locationCode: user.locationCode,
    locationPath: user.locationCode && locationPath(user.locationCode),
    locale: user.locale,
  };
  return { actor, role: roles.get(user.roleId)! };
}
const ability = (username: string) => {
  const { actor, role } = demoActor(username);
  return defineAbilityFor(actor, role);
};
const worker1Case: CaseAccessAttributes = {
  id: 'c0000000-0000-4000-8000-000000000001',
  module: 'cp',
  ownerId: IDS.worker1,
  agencyId: 'ministry',
  groupIds: ['bamako_cp_team'],
  assignedUserIds: [],
  locationPath: 'ML.ML09.ML0901',
  sharedUserIds: [],
  sharedAgencyIds: [],
};

describe('Mali demo pack: access files', () => {
  it('validate against the pack forms, locations and service types', () => {
    const issues = validateAccessPack(
      {
        roles: roleFiles.map((name) => ({ file: `roles/${name}`, definition: json(`roles/${name}`) })),
        agencies: { file: 'agencies.json', definition: json('agencies.json') },
        userGroups: { file: 'user-groups.json', definition: json('user-groups.json') },
        users: { file: 'demo-users.json', definition: users },
      },
      {
        knownFormIds: formFiles.map((name) => name.replace(/\.json$/, '')),
        knownLocationCodes: locationCodes,
        knownServiceIds: json('lookups/service_type.json').options.map((option: { id: string }) => option.id),
      },
    );
    expect(issues).toEqual([]);
  });

  it('seed the six users of API.md with the documented roles and agencies', () => {
    expect(users.map((user) => [user.username, user.roleId, user.agencyId])).toEqual([
      ['admin', 'admin', 'ministry'],
      ['supervisor', 'supervisor', 'ministry'],
      ['worker1', 'caseworker', 'ministry'],
      ['worker2', 'caseworker', 'ministry'],
      ['ngo_worker', 'partner_caseworker', 'ngo_partner'],
      ['analyst', 'analyst', 'ministry'],
    ]);
  });
});

describe('Mali demo pack: who sees what', () => {
  it('admin configures and manages users but sees no case, not even in aggregates', () => {
    const admin = ability('admin');
    expect(admin.can('manage_config', 'Config')).toBe(true);
    expect(admin.can('manage_users', 'User')).toBe(true);
    expect(admin.can('read_audit_log', 'AuditLog')).toBe(true);
    expect(caseAccessToSql(admin, 'read').sql).toBe('FALSE');
    expect(caseAccessToSql(admin, 'view_stats').sql).toBe('FALSE');
  });

  it('analyst counts every case and opens none', () => {
    const analyst = ability('analyst');
    expect(caseAccessToSql(analyst, 'view_stats').sql).toBe('TRUE');
    expect(caseAccessToSql(analyst, 'read').sql).toBe('FALSE');
    expect(decideCaseAccess(analyst, 'read', worker1Case)).toBe('not_found');
    expect(analyst.can('export', 'Case')).toBe(false);
  });

  it('a case worker sees their own cases, not a colleague’s; the supervisor sees both', () => {
    const worker2Case = { ...worker1Case, ownerId: IDS.worker2, locationPath: 'ML.ML09.ML0904' };
    expect(decideCaseAccess(ability('worker1'), 'update', worker1Case)).toBe('allowed');
    expect(decideCaseAccess(ability('worker1'), 'read', worker2Case)).toBe('not_found');
    expect(decideCaseAccess(ability('worker2'), 'read', worker2Case)).toBe('allowed');
    expect(decideCaseAccess(ability('supervisor'), 'approve', worker2Case)).toBe('allowed');
    expect(decideCaseAccess(ability('worker1'), 'approve', worker1Case)).toBe('forbidden');
    expect(decideCaseAccess(ability('worker1'), 'export', worker1Case)).toBe('forbidden');
  });

  it('the partner NGO worker sees a case only once it is referred, limited to the referred forms and never sensitive fields', () => {
    const { actor, role } = demoActor('ngo_worker');
    expect(decideCaseAccess(ability('ngo_worker'), 'read', worker1Case)).toBe('not_found');
    const referred = { ...worker1Case, sharedAgencyIds: ['ngo_partner'] };
    const grants = [{ caseId: referred.id, kind: 'referral' as const, forms: ['basic_identity', 'services'] }];
    const ngoAbility = defineAbilityFor(actor, role, { grants });
    expect(decideCaseAccess(ngoAbility, 'update', referred)).toBe('allowed');
    expect(decideCaseAccess(ngoAbility, 'assign', referred)).toBe('forbidden');
    const fields = fieldPermissionsForCase({ actor, role, ability: ngoAbility, catalog: CATALOG, caseAttributes: referred, grants });
    expect(fields.canRead('name_first')).toBe(true);
    expect(fields.canWrite('name_first')).toBe(false);
    expect(fields.canWrite('services.service_type')).toBe(true);
    expect(fields.canRead('caregiver_phone')).toBe(false);
    expect(fields.canRead('risk_level')).toBe(false);
  });

  it('the case worker reads the sensitive fields of their own cases', () => {
    const { actor, role } = demoActor('worker1');
    const fields = fieldPermissionsForCase({ actor, role, ability: ability('worker1'), catalog: CATALOG, caseAttributes: worker1Case, grants: [] });
    expect(fields.canRead('caregiver_phone')).toBe(true);
    expect(fields.canWrite('case_notes.note_text')).toBe(true);
  });

  it('only the supervisor may break the glass, and then only reads', () => {
    const elsewhere = { ...worker1Case, agencyId: 'ngo_partner', ownerId: IDS.ngo_worker, groupIds: [] };
    const grants = [{ caseId: elsewhere.id, kind: 'break_glass' as const, expiresAt: new Date(Date.now() + 60_000) }];
    const { actor, role } = demoActor('supervisor');
    const supervisor = defineAbilityFor(actor, role, { grants });
    expect(decideCaseAccess(supervisor, 'read', elsewhere)).toBe('allowed');
    expect(decideCaseAccess(supervisor, 'update', elsewhere)).toBe('forbidden');
    const worker = demoActor('worker1');
    expect(defineAbilityFor(worker.actor, worker.role, { grants }).can('read', caseSubject(elsewhere))).toBe(false);
  });
});
