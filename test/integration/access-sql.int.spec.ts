import { AccessGrant, CaseAccessAttributes, RoleDefinition, TutelaAction, caseAccessToSql, caseSubject, defineAbilityFor } from '@tutela/access';
import { Actor } from '@tutela/common';
import { loadPackFromDir } from '@tutela/forms';
import { createDataSource } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';

/**
 * Lists, search, dashboards and exports select cases with `caseAccessToSql`; single cases are checked in memory with
 * CASL. The two must agree row for row, on the real PostgreSQL types (uuid[], text[], ltree, NULL locations): this
 * test inserts a few hundred varied cases and compares, for every demo role and some synthetic actors, the rows the
 * SQL selects with the rows `ability.can(action, caseSubject(row))` accepts.
 */
const PACK = path.join(__dirname, '../../form-definitions/mli');
const CASE_COUNT = 400;
const AGENCIES = ['ministry', 'ngo_partner', 'other_agency'];
const GROUPS = ['bamako_cp_team', 'ngo_bamako_team', 'mopti_cp_team', 'kayes_team'];
// Label-wise subtree matching matters: ML.ML091 is not under ML.ML09.
const LOCATIONS = [null, 'ML', 'ML.ML09', 'ML.ML09.ML0901', 'ML.ML09.ML0903', 'ML.ML09.ML0904', 'ML.ML091', 'ML.ML05.ML0501', 'ML.ML05'];
const MODULES = ['cp', 'cp', 'cp', 'gbv'];

/** A small seeded generator: a failure reproduces with the same cases. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('case access: SQL conditions select exactly what CASL allows', () => {
  let dataSource: DataSource;
  const roles = new Map<string, RoleDefinition>();
  const actors: Array<{ label: string; actor: Actor; role: RoleDefinition | undefined; grants?: AccessGrant[] }> = [];
  const cases: CaseAccessAttributes[] = [];

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL as string, poolSize: 2, applicationName: 'tutela-access-sql-test' });
    await dataSource.initialize();
    for (const file of readdirSync(path.join(PACK, 'roles'))) {
      const role = JSON.parse(readFileSync(path.join(PACK, 'roles', file), 'utf8')) as RoleDefinition;
      roles.set(role.id, role);
    }
    const { pack } = await loadPackFromDir(PACK);
    const pathOf = (code: string | null) => (code ? (pack.locations.find((l) => l.code === code)?.path ?? null) : null);
    const demoUsers = JSON.parse(readFileSync(path.join(PACK, 'demo-users.json'), 'utf8')) as Array<{ username: string; roleId: string; agencyId: string; groupIds: string[]; locationCode: string | null }>;
    const actorOf = (u: { username: string; roleId: string; agencyId: string; groupIds: string[]; locationCode: string | null }): Actor => ({
      userId: randomUUID(), username: u.username, roleId: u.roleId, agencyId: u.agencyId, groupIds: u.groupIds, locationCode: u.locationCode, locationPath: pathOf(u.locationCode), locale: 'fr',
    });
    for (const user of demoUsers) actors.push({ label: `demo ${user.username} (${user.roleId})`, actor: actorOf(user), role: roles.get(user.roleId) });

    const rand = random(20261122);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
    const some = <T>(items: readonly T[], p: number): T[] => items.filter(() => rand() < p);
    const people = [...actors.map((a) => a.actor.userId), ...Array.from({ length: 6 }, () => randomUUID())];
    for (let i = 0; i < CASE_COUNT; i++) {
      cases.push({
        id: randomUUID(),
        module: pick(MODULES),
        ownerId: pick(people),
        agencyId: pick(AGENCIES),
        groupIds: some(GROUPS, 0.3),
        assignedUserIds: some(people, 0.08),
        locationPath: pick(LOCATIONS),
        sharedUserIds: some(people, 0.05),
        sharedAgencyIds: some(AGENCIES, 0.1),
      });
    }

    const base = (overrides: Partial<Actor>): Actor => ({ ...actors[2].actor, userId: randomUUID(), ...overrides });
    const variant = (id: string, changes: Partial<RoleDefinition>): RoleDefinition => ({ ...(roles.get('caseworker') as RoleDefinition), id, ...changes });
    const regional = roles.get('regional_coordinator') as RoleDefinition;
    actors.push(
      { label: 'regional coordinator of Bamako (location)', actor: base({ roleId: regional.id, locationCode: 'ML09', locationPath: 'ML.ML09' }), role: regional },
      { label: 'regional coordinator without a home location (falls back to own)', actor: base({ roleId: regional.id, locationCode: null, locationPath: null }), role: regional },
      { label: 'group scope, two groups', actor: base({ roleId: 'group_worker', groupIds: ['mopti_cp_team', 'kayes_team'] }), role: variant('group_worker', { scope: 'group' }) },
      { label: 'group scope without groups (falls back to own)', actor: base({ roleId: 'group_worker', groupIds: [] }), role: variant('group_worker', { scope: 'group' }) },
      { label: 'all scope, every module', actor: base({ roleId: 'national' }), role: variant('national', { scope: 'all', modules: undefined }) },
      { label: 'agency scope, gbv module only', actor: base({ roleId: 'gbv_worker', agencyId: 'ngo_partner' }), role: variant('gbv_worker', { scope: 'agency', modules: ['gbv'] }) },
      { label: 'disabled role', actor: base({ roleId: 'retired' }), role: variant('retired', { scope: 'all', flags: { disabled: true } }) },
      { label: 'no role at all', actor: base({ roleId: 'ghost' }), role: undefined },
    );
    const supervisor = actors.find((a) => a.actor.username === 'supervisor') as (typeof actors)[number];
    const now = Date.now();
    actors.push({
      label: 'supervisor with break-the-glass grants (live, expired, of another module)',
      actor: { ...supervisor.actor, userId: randomUUID() },
      role: supervisor.role,
      grants: [
        ...cases.slice(0, 5).map((c) => ({ caseId: c.id, kind: 'break_glass' as const, expiresAt: new Date(now + 3_600_000) })),
        ...cases.slice(5, 10).map((c) => ({ caseId: c.id, kind: 'break_glass' as const, expiresAt: new Date(now - 60_000) })),
      ],
    });

    await dataSource.query(
      `INSERT INTO cases (id, short_id, module, workflow_id, workflow_state, owner_id, agency_id, group_ids, assigned_user_ids,
              location_path, shared_user_ids, shared_agency_ids, created_by)
       SELECT id, 'as' || substr(md5(id::text), 1, 10), module, 'case_management', 'registration', owner_id, agency_id,
              ARRAY(SELECT jsonb_array_elements_text(groups)), ARRAY(SELECT jsonb_array_elements_text(assigned))::uuid[],
              location_path::ltree, ARRAY(SELECT jsonb_array_elements_text(shared_users))::uuid[],
              ARRAY(SELECT jsonb_array_elements_text(shared_agencies)), owner_id
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, module text, owner_id uuid, agency_id text, groups jsonb, assigned jsonb,
              location_path text, shared_users jsonb, shared_agencies jsonb)`,
      [JSON.stringify(cases.map((c) => ({
        id: c.id, module: c.module, owner_id: c.ownerId, agency_id: c.agencyId, groups: c.groupIds, assigned: c.assignedUserIds,
        location_path: c.locationPath, shared_users: c.sharedUserIds, shared_agencies: c.sharedAgencyIds,
      })))],
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  const ACTIONS: TutelaAction[] = ['read', 'update', 'view_stats', 'export', 'approve'];

  it('inserted the varied cases', async () => {
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM cases WHERE id = ANY($1::uuid[])`, [cases.map((c) => c.id)]);
    expect(count).toBe(CASE_COUNT);
  });

  it.each(ACTIONS)('agrees for every actor on "%s"', async (action) => {
    const ids = cases.map((c) => c.id);
    const mismatches: string[] = [];
    for (const { label, actor, role, grants } of actors) {
      const ability = defineAbilityFor(actor, role, { grants });
      const expected = cases.filter((c) => ability.can(action, caseSubject(c))).map((c) => c.id).sort();
      const access = caseAccessToSql(ability, action as never, { paramOffset: 2, tableAlias: 'c' });
      const rows: Array<{ id: string }> = await dataSource.query(`SELECT c.id FROM cases c WHERE c.id = ANY($1::uuid[]) AND ${access.sql} ORDER BY c.id`, [ids, ...access.params]);
      const selected = rows.map((r) => r.id).sort();
      if (JSON.stringify(selected) !== JSON.stringify(expected)) {
        mismatches.push(`${label}: SQL selects ${selected.length}, CASL allows ${expected.length}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('is not vacuous: the demo roles see what their scope says, and no more', async () => {
    const count = (username: string, action: TutelaAction) => {
      const { actor, role } = actors.find((a) => a.actor.username === username && !a.grants) as (typeof actors)[number];
      const ability = defineAbilityFor(actor, role);
      return cases.filter((c) => ability.can(action, caseSubject(c))).length;
    };
    expect(count('admin', 'read')).toBe(0);
    expect(count('analyst', 'read')).toBe(0);
    expect(count('analyst', 'view_stats')).toBe(CASE_COUNT);
    const worker = count('worker1', 'read');
    const supervisor = count('supervisor', 'read');
    expect(worker).toBeGreaterThan(0);
    expect(supervisor).toBeGreaterThan(worker);
    expect(supervisor).toBeLessThan(CASE_COUNT);
    const glass = actors.find((a) => a.grants) as (typeof actors)[number];
    const withGrants = defineAbilityFor(glass.actor, glass.role, { grants: glass.grants });
    const inScope = defineAbilityFor(glass.actor, glass.role);
    // Grants on cases outside the supervisor's own scope: readable through the grant, never writable.
    const live = cases.slice(0, 5).filter((c) => c.module === 'cp' && !inScope.can('read', caseSubject(c)));
    const expired = cases.slice(5, 10).filter((c) => !inScope.can('read', caseSubject(c)));
    expect(live.length + expired.length).toBeGreaterThan(0);
    expect(expired.some((c) => withGrants.can('read', caseSubject(c)))).toBe(false);
    expect(live.every((c) => withGrants.can('read', caseSubject(c)))).toBe(true);
    expect(live.some((c) => withGrants.can('update', caseSubject(c)))).toBe(false);
  });
});
