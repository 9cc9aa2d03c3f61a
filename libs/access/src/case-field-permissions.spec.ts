import { defineAbilityFor } from './ability.factory';
import { fieldPermissionsForCase } from './case-field-permissions';
import type { AccessGrant, CaseAccessAttributes } from './case-access.types';
import type { FieldCatalogEntry } from './field-catalog.types';
import type { RoleDefinition } from './role-definition.types';
import { IDS, actor, caseRow, role } from './testing/access.fixtures';

const CATALOG: FieldCatalogEntry[] = [
  { name: 'name_first', formId: 'basic_identity', sensitive: false },
  { name: 'risk_level', formId: 'assessment', sensitive: false },
  { name: 'hiv_status', formId: 'assessment', sensitive: true },
];
const NOW = new Date('2026-03-01T10:00:00Z');
const LATER = new Date('2026-03-01T12:00:00Z');

function fieldsOn(r: RoleDefinition, row: CaseAccessAttributes, grants: AccessGrant[] = []) {
  const a = actor();
  const ability = defineAbilityFor(a, r, { grants, now: NOW });
  const fields = fieldPermissionsForCase({ actor: a, role: r, ability, catalog: CATALOG, caseAttributes: row, grants, now: NOW });
  return { readable: fields.readableFields(), writable: fields.writableFields() };
}

describe('fieldPermissionsForCase', () => {
  const worker = role({ scope: 'own', permissions: { case: ['read', 'update', 'read_sensitive'] }, forms: { '*': 'write' } });
  const partner = role({ scope: 'own', permissions: { case: ['read', 'update'] }, forms: { '*': 'write' } });
  const glass = role({ scope: 'own', permissions: { case: ['read', 'update', 'read_sensitive', 'break_glass'] }, forms: { '*': 'write' } });
  const shared = caseRow({ sharedUserIds: [IDS.worker1] });

  it('own case: every form of the role, sensitive fields by read_sensitive, writable with update', () => {
    expect(fieldsOn(worker, caseRow({ ownerId: IDS.worker1 }))).toEqual({
      readable: ['name_first', 'risk_level', 'hiv_status'],
      writable: ['name_first', 'risk_level', 'hiv_status'],
    });
    expect(fieldsOn(partner, caseRow({ ownerId: IDS.worker1 })).readable).toEqual(['name_first', 'risk_level']);
  });

  it('own case: a referral grant the actor also holds does not narrow it', () => {
    const grants: AccessGrant[] = [{ caseId: IDS.caseA, kind: 'referral', forms: ['basic_identity'] }];
    expect(fieldsOn(worker, caseRow({ ownerId: IDS.worker1, sharedUserIds: [IDS.worker1] }), grants).readable).toHaveLength(3);
  });

  it('referred case: only the forms the referral names', () => {
    const grants: AccessGrant[] = [
      { caseId: IDS.caseA, kind: 'referral', forms: ['basic_identity'] },
      { caseId: IDS.caseB, kind: 'referral', forms: '*' },
    ];
    expect(fieldsOn(partner, shared, grants)).toEqual({ readable: ['name_first'], writable: ['name_first'] });
  });

  it('referred case: several live grants add up, expired ones count for nothing', () => {
    const grants: AccessGrant[] = [
      { caseId: IDS.caseA, kind: 'referral', forms: ['basic_identity'] },
      { caseId: IDS.caseA, kind: 'transfer', forms: ['assessment'] },
      { caseId: IDS.caseA, kind: 'referral', forms: '*', expiresAt: new Date('2026-03-01T09:00:00Z') },
    ];
    expect(fieldsOn(worker, shared, grants).readable).toEqual(['name_first', 'risk_level', 'hiv_status']);
    expect(fieldsOn(worker, shared, grants.slice(0, 1)).readable).toEqual(['name_first']);
  });

  it('shared case without a live grant describing it: no form at all', () => {
    expect(fieldsOn(worker, shared)).toEqual({ readable: [], writable: [] });
  });

  it('break-the-glass: every form of the role, nothing writable', () => {
    const grants: AccessGrant[] = [{ caseId: IDS.caseA, kind: 'break_glass', forms: '*', expiresAt: LATER }];
    expect(fieldsOn(glass, caseRow(), grants)).toEqual({ readable: ['name_first', 'risk_level', 'hiv_status'], writable: [] });
  });

  it('a case the actor may not read: nothing', () => {
    expect(fieldsOn(worker, caseRow())).toEqual({ readable: [], writable: [] });
  });
});
