import { caseSubject, defineAbilityFor, defineScopeAbilityFor } from './ability.factory';
import type { CaseAccessAttributes } from './case-access.types';
import type { CaseScope } from './role-definition.types';
import { IDS, actor, caseRow, role } from './testing/access.fixtures';

const NOW = new Date('2026-03-01T10:00:00Z');
const canRead = (ability: ReturnType<typeof defineAbilityFor>, row: CaseAccessAttributes) => ability.can('read', caseSubject(row));

/** How a case relates to the default fixture actor (worker1, ministry, bamako_team, ML.ML09.ML0901). */
const RELATIONS: Record<string, Partial<CaseAccessAttributes>> = {
  owner: { ownerId: IDS.worker1 },
  assigned: { assignedUserIds: [IDS.worker2, IDS.worker1] },
  sameGroup: { groupIds: ['x', 'bamako_team'] },
  sameAgency: { agencyId: 'ministry' },
  homeLocation: { locationPath: 'ML.ML09.ML0901' },
  belowHome: { locationPath: 'ML.ML09.ML0901.ML090101' },
  labelPrefixNotChild: { locationPath: 'ML.ML09.ML09011' },
  aboveHome: { locationPath: 'ML.ML09' },
  noLocation: { locationPath: null },
  sharedWithUser: { sharedUserIds: [IDS.worker1] },
  sharedWithAgency: { sharedAgencyIds: ['ministry'] },
  unrelated: {},
};

// relation → scopes (own, group, agency, location, all) under which worker1 can read the case.
const EXPECTED: Record<string, [boolean, boolean, boolean, boolean, boolean]> = {
  owner: [true, true, true, true, true],
  assigned: [true, true, true, true, true],
  sameGroup: [false, true, false, false, true],
  sameAgency: [false, false, true, false, true],
  homeLocation: [false, false, false, true, true],
  belowHome: [false, false, false, true, true],
  labelPrefixNotChild: [false, false, false, false, true],
  aboveHome: [false, false, false, false, true],
  noLocation: [false, false, false, false, true],
  sharedWithUser: [true, true, true, true, true],
  sharedWithAgency: [true, true, true, true, true],
  unrelated: [false, false, false, false, true],
};
const SCOPES: CaseScope[] = ['own', 'group', 'agency', 'location', 'all'];

describe('defineAbilityFor', () => {
  describe('record scope', () => {
    const cases = Object.keys(RELATIONS).flatMap((relation) =>
      SCOPES.map((scope, index) => [relation, scope, EXPECTED[relation][index]] as const),
    );
    it.each(cases)('%s case under %s scope → read %s', (relation, scope, expected) => {
      const ability = defineAbilityFor(actor(), role({ scope }));
      expect(canRead(ability, caseRow(RELATIONS[relation]))).toBe(expected);
    });

    it('falls back to own cases when the actor has no group for group scope', () => {
      const ability = defineAbilityFor(actor({ groupIds: [] }), role({ scope: 'group' }));
      expect(canRead(ability, caseRow({ groupIds: [] }))).toBe(false);
      expect(canRead(ability, caseRow({ ownerId: IDS.worker1 }))).toBe(true);
    });

    it('falls back to own cases when the actor has no home location for location scope', () => {
      const ability = defineAbilityFor(actor({ locationPath: null, locationCode: null }), role({ scope: 'location' }));
      expect(canRead(ability, caseRow({ locationPath: 'ML.ML09.ML0901' }))).toBe(false);
      expect(canRead(ability, caseRow({ locationPath: null }))).toBe(false);
      expect(canRead(ability, caseRow({ assignedUserIds: [IDS.worker1] }))).toBe(true);
    });

    it('applies the scope to every record verb of the role', () => {
      const ability = defineAbilityFor(actor(), role({ scope: 'agency', permissions: { case: ['read', 'approve', 'export', 'view_stats'] } }));
      const inAgency = caseSubject(caseRow({ agencyId: 'ministry' }));
      const outside = caseSubject(caseRow());
      for (const verb of ['read', 'approve', 'export', 'view_stats'] as const) {
        expect(ability.can(verb, inAgency)).toBe(true);
        expect(ability.can(verb, outside)).toBe(false);
      }
      expect(ability.can('update', inAgency)).toBe(false);
    });
  });

  describe('modules', () => {
    it('limits every case verb, even under scope all, to the role modules', () => {
      const ability = defineAbilityFor(actor(), role({ scope: 'all', modules: ['cp'], permissions: { case: ['read', 'create'] } }));
      expect(canRead(ability, caseRow({ module: 'cp' }))).toBe(true);
      expect(canRead(ability, caseRow({ module: 'gbv' }))).toBe(false);
      expect(ability.can('create', caseSubject(caseRow({ module: 'cp' })))).toBe(true);
      expect(ability.can('create', caseSubject(caseRow({ module: 'gbv' })))).toBe(false);
    });

    it('also limits shared cases to the role modules', () => {
      const ability = defineAbilityFor(actor(), role({ modules: ['cp'] }));
      expect(canRead(ability, caseRow({ module: 'gbv', sharedUserIds: [IDS.worker1] }))).toBe(false);
    });
  });

  describe('referral and transfer shares', () => {
    const verbs = ['read', 'update', 'add_note', 'flag', 'read_sensitive', 'assign', 'refer', 'transfer', 'approve', 'disable', 'export'] as const;
    const ability = defineAbilityFor(actor(), role({ permissions: { case: [...verbs] } }));

    it('lets the recipient read, update, note and flag but not reassign, refer on, approve, disable or export', () => {
      const shared = caseSubject(caseRow({ sharedUserIds: [IDS.worker1] }));
      const allowed = verbs.filter((verb) => ability.can(verb, shared));
      expect(allowed).toEqual(['read', 'update', 'add_note', 'flag', 'read_sensitive']);
    });

    it('shares with an agency reach its users, not other agencies', () => {
      expect(canRead(ability, caseRow({ sharedAgencyIds: ['ministry'] }))).toBe(true);
      expect(canRead(ability, caseRow({ sharedAgencyIds: ['ngo_partner'] }))).toBe(false);
    });

    it('never gives a verb the role lacks', () => {
      const readOnly = defineAbilityFor(actor(), role({ permissions: { case: ['read'] } }));
      expect(readOnly.can('update', caseSubject(caseRow({ sharedUserIds: [IDS.worker1] })))).toBe(false);
    });
  });

  describe('break-the-glass grants', () => {
    const glassRole = role({ permissions: { case: ['read', 'update', 'read_sensitive', 'break_glass'] } });
    const grant = (expiresAt: Date | undefined, caseId: string = IDS.caseA) => ({ caseId, kind: 'break_glass' as const, expiresAt });

    it('opens the granted case for reading until the grant expires', () => {
      const live = defineAbilityFor(actor(), glassRole, { grants: [grant(new Date(NOW.getTime() + 60_000))], now: NOW });
      const target = caseSubject(caseRow());
      expect(live.can('read', target)).toBe(true);
      expect(live.can('read_sensitive', target)).toBe(true);
      expect(live.can('update', target)).toBe(false);
      expect(live.can('read', caseSubject(caseRow({ id: IDS.caseB })))).toBe(false);
    });

    it('gives nothing once expired, at the expiry instant, or without an expiry', () => {
      for (const expiresAt of [new Date(NOW.getTime() - 1), NOW, undefined, new Date('invalid')]) {
        const ability = defineAbilityFor(actor(), glassRole, { grants: [grant(expiresAt)], now: NOW });
        expect(canRead(ability, caseRow())).toBe(false);
      }
    });

    it('gives nothing when the role lacks break_glass, or read', () => {
      const grants = [grant(new Date(NOW.getTime() + 60_000))];
      expect(canRead(defineAbilityFor(actor(), role({ permissions: { case: ['read'] } }), { grants, now: NOW }), caseRow())).toBe(false);
      const noRead = role({ permissions: { case: ['break_glass'] } });
      expect(defineAbilityFor(actor(), noRead, { grants, now: NOW }).can('read', caseSubject(caseRow()))).toBe(false);
    });

    it('ignores referral grants for visibility: shares come from the case columns', () => {
      const ability = defineAbilityFor(actor(), glassRole, { grants: [{ caseId: IDS.caseA, kind: 'referral' }], now: NOW });
      expect(canRead(ability, caseRow())).toBe(false);
    });
  });

  describe('roles that grant little or nothing', () => {
    it('grants nothing without a role, with a disabled role, or with a role that is not the actor’s', () => {
      const admin = role({ scope: 'all', permissions: { case: ['read'], config: ['manage_config'] } });
      for (const ability of [
        defineAbilityFor(actor(), null),
        defineAbilityFor(actor(), { ...admin, flags: { disabled: true } }),
        defineAbilityFor(actor({ roleId: 'someone_else' }), admin),
      ]) {
        expect(ability.can('read', 'Case')).toBe(false);
        expect(ability.can('manage_config', 'Config')).toBe(false);
        expect(ability.rules).toEqual([]);
      }
    });

    it('keeps a statistics-only role to view_stats whatever its permissions say', () => {
      const analyst = role({ scope: 'all', permissions: { case: ['read', 'export', 'view_stats'] }, flags: { statsOnly: true } });
      const ability = defineAbilityFor(actor(), analyst);
      expect(ability.can('view_stats', caseSubject(caseRow()))).toBe(true);
      expect(ability.can('read', 'Case')).toBe(false);
      expect(ability.can('export', 'Case')).toBe(false);
    });

    it('grants administration verbs without any case access', () => {
      const admin = role({
        scope: 'own',
        permissions: { config: ['manage_config'], user: ['manage_users'], audit_log: ['read_audit_log'] },
        forms: {},
      });
      const ability = defineAbilityFor(actor(), admin);
      expect(ability.can('manage_config', 'Config')).toBe(true);
      expect(ability.can('manage_users', 'User')).toBe(true);
      expect(ability.can('read_audit_log', 'AuditLog')).toBe(true);
      expect(ability.can('read', 'Case')).toBe(false);
      expect(ability.can('view_stats', 'Case')).toBe(false);
    });

    it('ignores verbs outside the catalogue, including CASL’s "manage"', () => {
      const sneaky = role({ scope: 'all', permissions: { case: ['manage', 'delete'] as never[], config: ['read_audit_log'] as never[] } });
      const ability = defineAbilityFor(actor(), sneaky);
      expect(ability.rules).toEqual([]);
      expect(ability.can('read', 'Case')).toBe(false);
    });
  });

  it('grants type-level capabilities without record conditions', () => {
    const ability = defineAbilityFor(actor(), role({ permissions: { case: ['read', 'create', 'import', 'break_glass', 'receive_referral'] } }));
    for (const verb of ['create', 'import', 'break_glass', 'receive_referral'] as const) expect(ability.can(verb, caseSubject(caseRow()))).toBe(true);
  });

  it('defineScopeAbilityFor leaves out shares and grants', () => {
    const glassRole = role({ permissions: { case: ['read', 'break_glass'] } });
    const grants = [{ caseId: IDS.caseA, kind: 'break_glass' as const, expiresAt: new Date(Date.now() + 60_000) }];
    const scopeOnly = defineScopeAbilityFor(actor(), glassRole);
    expect(canRead(scopeOnly, caseRow({ sharedUserIds: [IDS.worker1] }))).toBe(false);
    expect(canRead(defineAbilityFor(actor(), glassRole, { grants }), caseRow())).toBe(true);
    expect(canRead(scopeOnly, caseRow())).toBe(false);
    expect(canRead(scopeOnly, caseRow({ ownerId: IDS.worker1 }))).toBe(true);
  });

  it('caseSubject does not mutate the attributes it is given', () => {
    const row = caseRow();
    caseSubject(row);
    expect(Object.keys(row)).not.toContain('__caslSubjectType__');
  });
});
