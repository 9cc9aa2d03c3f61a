import { createMongoAbility } from '@casl/ability';
import { defineAbilityFor, type TutelaAbility } from './ability.factory';
import { caseConditionsMatcher } from './case-conditions';
import { caseAccessToSql } from './case-access.sql';
import type { RoleDefinition } from './role-definition.types';
import { IDS, actor, role } from './testing/access.fixtures';

const W1 = IDS.worker1;
const handBuilt = (rules: object[]): TutelaAbility => createMongoAbility(rules as never[], { conditionsMatcher: caseConditionsMatcher as never });

describe('caseAccessToSql', () => {
  const sql = (r: Partial<RoleDefinition>, action: 'read' | 'view_stats' | 'update' = 'read', a = actor()) =>
    caseAccessToSql(defineAbilityFor(a, role(r)), action);
  // Rules come out in CASL priority order (last added first): shares, then the scope, then own.
  const SHARES = '(shared_agency_ids @> ARRAY[$1::text]) OR (shared_user_ids @> ARRAY[$2::uuid])';
  const SHARE_PARAMS = ['ministry', W1];

  it('own scope: owner or assigned, plus accepted shares', () => {
    expect(sql({ scope: 'own' })).toEqual({
      sql: `(${SHARES} OR (assigned_user_ids @> ARRAY[$3::uuid]) OR (owner_id = $4::uuid))`,
      params: [...SHARE_PARAMS, W1, W1],
      nextParamIndex: 5,
    });
  });

  it('group scope: array overlap with the user groups', () => {
    expect(sql({ scope: 'group' })).toEqual({
      sql: `(${SHARES} OR (group_ids && $3::text[]) OR (assigned_user_ids @> ARRAY[$4::uuid]) OR (owner_id = $5::uuid))`,
      params: [...SHARE_PARAMS, ['bamako_team'], W1, W1],
      nextParamIndex: 6,
    });
  });

  it('agency scope: the user agency', () => {
    expect(sql({ scope: 'agency' }).sql).toBe(
      `(${SHARES} OR (agency_id = $3::text) OR (assigned_user_ids @> ARRAY[$4::uuid]) OR (owner_id = $5::uuid))`,
    );
    expect(sql({ scope: 'agency' }).params).toEqual([...SHARE_PARAMS, 'ministry', W1, W1]);
  });

  it('location scope: ltree subtree of the home location, NULL-safe', () => {
    expect(sql({ scope: 'location' })).toEqual({
      sql: `(${SHARES} OR (location_path IS NOT NULL AND location_path <@ $3::ltree) OR (assigned_user_ids @> ARRAY[$4::uuid]) OR (owner_id = $5::uuid))`,
      params: [...SHARE_PARAMS, 'ML.ML09.ML0901', W1, W1],
      nextParamIndex: 6,
    });
  });

  it('all scope: TRUE, with no parameters left over from the absorbed share rules', () => {
    expect(sql({ scope: 'all' })).toEqual({ sql: 'TRUE', params: [], nextParamIndex: 1 });
  });

  it('module restriction is ANDed into every alternative', () => {
    expect(sql({ scope: 'all', modules: ['cp'] })).toEqual({
      sql:
        '(((shared_agency_ids @> ARRAY[$1::text]) AND (module = ANY($2::text[]))) OR ((shared_user_ids @> ARRAY[$3::uuid]) AND (module = ANY($4::text[]))) OR (module = ANY($5::text[])))',
      params: ['ministry', ['cp'], W1, ['cp'], ['cp']],
      nextParamIndex: 6,
    });
  });

  it('scope anchors the actor lacks are left out rather than matching everything', () => {
    expect(sql({ scope: 'group' }, 'read', actor({ groupIds: [] })).sql).not.toContain('group_ids');
    expect(sql({ scope: 'location' }, 'read', actor({ locationPath: null })).sql).not.toContain('location_path');
  });

  it('break-the-glass grants add the granted case ids', () => {
    const glass = role({ permissions: { case: ['read', 'break_glass'] } });
    const now = new Date('2026-03-01T10:00:00Z');
    const grants = [
      { caseId: IDS.caseA, kind: 'break_glass' as const, expiresAt: new Date('2026-03-01T11:00:00Z') },
      { caseId: IDS.caseB, kind: 'break_glass' as const, expiresAt: new Date('2026-03-01T09:00:00Z') },
    ];
    const fragment = caseAccessToSql(defineAbilityFor(actor(), glass, { grants, now }), 'read');
    expect(fragment.sql).toMatch(/^\(\(id = ANY\(\$1::uuid\[\]\)\) OR /);
    expect(fragment.params[0]).toEqual([IDS.caseA]);
  });

  describe('deny by default', () => {
    it('answers FALSE when no rule grants the action', () => {
      expect(sql({ permissions: { case: ['read'] } }, 'update')).toEqual({ sql: 'FALSE', params: [], nextParamIndex: 1 });
      expect(caseAccessToSql(defineAbilityFor(actor(), null), 'read').sql).toBe('FALSE');
    });

    it('gives a statistics-only role aggregates over everything and no rows to list', () => {
      const analyst: Partial<RoleDefinition> = { scope: 'all', permissions: { case: ['read', 'view_stats'] }, flags: { statsOnly: true } };
      expect(sql(analyst, 'read').sql).toBe('FALSE');
      expect(sql(analyst, 'view_stats').sql).toBe('TRUE');
    });
  });

  describe('placeholders', () => {
    it('start at the given offset and qualify columns with the alias', () => {
      const fragment = caseAccessToSql(defineAbilityFor(actor(), role({ scope: 'own' })), 'read', { paramOffset: 4, tableAlias: 'c' });
      expect(fragment.sql).toBe(
        '((c.shared_agency_ids @> ARRAY[$4::text]) OR (c.shared_user_ids @> ARRAY[$5::uuid]) OR (c.assigned_user_ids @> ARRAY[$6::uuid]) OR (c.owner_id = $7::uuid))',
      );
      expect(fragment.nextParamIndex).toBe(8);
    });

    it('never puts values in the SQL text', () => {
      const hostile = actor({ userId: "x'); DROP TABLE cases; --", agencyId: "a' OR '1'='1", groupIds: ["g' --"], locationPath: "ML') OR TRUE --" });
      for (const scope of ['own', 'group', 'agency', 'location'] as const) {
        const fragment = sql({ scope }, 'read', hostile);
        expect(fragment.sql).not.toMatch(/DROP|'|--/);
        expect(fragment.params.length).toBeGreaterThan(0);
      }
    });

    it('rejects an unsafe alias or offset', () => {
      const ability = defineAbilityFor(actor(), role());
      expect(() => caseAccessToSql(ability, 'read', { tableAlias: 'c; DROP TABLE x' })).toThrow('Invalid table alias');
      expect(() => caseAccessToSql(ability, 'read', { paramOffset: 0 })).toThrow('paramOffset');
      expect(() => caseAccessToSql(ability, 'read', { paramOffset: 1.5 })).toThrow('paramOffset');
    });
  });

  describe('inverted rules', () => {
    it('a later cannot masks the earlier cans', () => {
      const ability = handBuilt([
        { action: 'read', subject: 'Case', conditions: { ownerId: W1 } },
        { action: 'read', subject: 'Case', conditions: { agencyId: 'ministry' } },
        { action: 'read', subject: 'Case', conditions: { module: 'gbv' }, inverted: true },
      ]);
      expect(caseAccessToSql(ability, 'read')).toEqual({
        sql: '(((agency_id = $1::text) AND (NOT (module = $2::text))) OR ((owner_id = $3::uuid) AND (NOT (module = $4::text))))',
        params: ['ministry', 'gbv', W1, 'gbv'],
        nextParamIndex: 5,
      });
    });

    it('an unconditional can under a conditional cannot becomes NOT (...)', () => {
      const ability = handBuilt([
        { action: 'read', subject: 'Case' },
        { action: 'read', subject: 'Case', conditions: { locationPath: { $under: 'ML.ML05' } }, inverted: true },
      ]);
      expect(caseAccessToSql(ability, 'read').sql).toBe('(NOT (location_path IS NOT NULL AND location_path <@ $1::ltree))');
    });

    it('an unconditional cannot on top denies everything', () => {
      const ability = handBuilt([
        { action: 'read', subject: 'Case', conditions: { ownerId: W1 } },
        { action: 'read', subject: 'Case', inverted: true },
      ]);
      expect(caseAccessToSql(ability, 'read')).toEqual({ sql: 'FALSE', params: [], nextParamIndex: 1 });
    });

    it('a cannot below the cans (lower priority) does not restrict them', () => {
      const ability = handBuilt([
        { action: 'read', subject: 'Case', inverted: true },
        { action: 'read', subject: 'Case', conditions: { ownerId: W1 } },
      ]);
      expect(caseAccessToSql(ability, 'read').sql).toBe('(owner_id = $1::uuid)');
    });
  });

  describe('conditions outside the supported vocabulary', () => {
    it.each([
      ['an unknown column', { status: 'open' }],
      ['an unsupported operator', { ownerId: { $ne: W1 } }],
      ['a top-level $or', { $or: [{ ownerId: W1 }] }],
      ['a non-string value', { ownerId: 42 }],
      ['a $under on a non-ltree column', { agencyId: { $under: 'x' } }],
      ['a prototype key', { constructor: 'x' }],
    ])('throws on %s instead of guessing', (_label, conditions) => {
      const ability = handBuilt([{ action: 'read', subject: 'Case', conditions }]);
      expect(() => caseAccessToSql(ability, 'read')).toThrow();
    });

    it('an empty $in list matches nothing', () => {
      expect(caseAccessToSql(handBuilt([{ action: 'read', subject: 'Case', conditions: { id: { $in: [] } } }]), 'read').sql).toBe('FALSE');
    });
  });
});
