import { createMongoAbility } from '@casl/ability';
import { defineAbilityFor, RoleDefinition, TutelaAbility } from '@tutela/access';
import { Actor } from '@tutela/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCaseListQuery } from '../cases/case-list.query';
import { DIMENSIONS } from './aggregate-dimensions';
import { StatementInput, cellsStatement, liveStatement, workCellsStatement } from './aggregate-statements';
import { maintainedGroupings } from './stat-groupings';
import { splitStatsScope } from './stats-scope';

const pack = path.join(__dirname, '../../../../form-definitions/mli');
const role = (id: string) => JSON.parse(fs.readFileSync(path.join(pack, 'roles', `${id}.json`), 'utf8')) as RoleDefinition;
const dashboards = JSON.parse(fs.readFileSync(path.join(pack, 'dashboards.json'), 'utf8')).dashboards;
const maintained = new Set(maintainedGroupings(dashboards));

const actor = (roleId: string, overrides: Partial<Actor> = {}): Actor => ({
  userId: '11111111-1111-4111-8111-111111111111',
  username: roleId,
  roleId,
  agencyId: 'ministry',
  groupIds: ['bamako_cp_team'],
  locationCode: 'ML09',
  locationPath: 'ML.ML09',
  locale: 'en',
  ...overrides,
});
const abilityOf = (roleId: string) => defineAbilityFor(actor(roleId), role(roleId));

function input(roleId: string, groupBy: string[], filters: Record<string, unknown> = {}): StatementInput {
  return {
    actor: actor(roleId),
    ability: abilityOf(roleId),
    metric: 'cases',
    dims: groupBy.map((name) => ({ name, ...DIMENSIONS[name] })),
    level: 1,
    query: parseCaseListQuery(filters, [], () => true),
    locationPath: (code) => (code === 'ML0901' ? 'ML.ML09.ML0901' : undefined),
  };
}

describe('splitStatsScope', () => {
  it('answers a scope-wide role entirely from the cells', () => {
    const split = splitStatsScope(abilityOf('analyst'));
    expect(split?.live).toBeNull();
  });

  it('keeps the agency part of a supervisor for the cells and the own and assigned cases for a live count', () => {
    const split = splitStatsScope(abilityOf('supervisor'));
    expect(split?.cells.rulesFor('view_stats', 'Case').map((r) => Object.keys(r.conditions ?? {}).sort())).toEqual([['agencyId', 'module']]);
    expect(split?.live?.rulesFor('view_stats', 'Case').map((r) => Object.keys(r.conditions ?? {})[0]).sort()).toEqual(['assignedUserIds', 'ownerId']);
  });

  it('gives up for own-scoped case workers (counted live) and for inverted rules', () => {
    expect(splitStatsScope(abilityOf('caseworker'))).toBeNull();
    const withCannot = createMongoAbility<TutelaAbility>([
      ...abilityOf('analyst').rules,
      { action: 'view_stats', subject: 'Case', inverted: true, conditions: { agencyId: 'ngo_partner' } },
    ]);
    expect(splitStatsScope(withCannot)).toBeNull();
  });
});

describe('cellsStatement', () => {
  it('counts a regional scope from the cells only, with its location rule on the cells', () => {
    const statement = cellsStatement(input('regional_coordinator', ['sex', 'ageGroup']), maintained);
    expect(statement?.groupedSql).toContain(`FROM case_stat_cells c WHERE c.grouping = 'ageGroup,sex'`);
    expect(statement?.groupedSql).toContain('c.location_path <@ $');
    // Own and assigned cases outside the region are the live part, excluding what the cells already count.
    expect(statement?.groupedSql).toMatch(/FROM cases c WHERE NOT c\.disabled AND .*c\.owner_id = .* AND NOT \(.*location_path/);
    expect(statement?.params).toEqual(expect.arrayContaining(['ML.ML09', '11111111-1111-4111-8111-111111111111']));
    expect(statement?.totalSql).toBeUndefined();
  });

  it('reads the grouping that holds the filtered dimension, and totals multi-valued groups from the filter grouping', () => {
    const workload = cellsStatement(input('supervisor', ['worker'], { status: 'open' }), maintained);
    // The supervisor's scope names no location: the cells with locations merged answer (one per worker and status).
    expect(workload?.groupedSql).toContain(`c.grouping = 'status,worker@all-locations'`);
    expect(workload?.groupedSql).toContain('c.status = ANY($');
    const concerns = cellsStatement(input('analyst', ['protectionConcern']), maintained);
    expect(concerns?.groupedSql).toContain(`c.grouping = 'protectionConcern'`);
    expect(concerns?.totalSql).toContain(`c.grouping = ''`);
    expect(concerns?.groupedSql).not.toContain('UNION ALL');
  });

  it('answers an ad-hoc aggregate by two small dimensions and a filter on a third from the cells', () => {
    const statement = cellsStatement(input('analyst', ['sex', 'ageGroup'], { state: 'assessment', location: 'ML0901' }), maintained);
    expect(statement?.groupedSql).toContain(`c.grouping = 'ageGroup,sex,workflowState'`);
    expect(statement?.groupedSql).toContain('c.workflow_state = ANY($');
  });

  it('reads the cells by location when the scope, a filter or the grouping names a location', () => {
    expect(cellsStatement(input('regional_coordinator', ['worker']), maintained)?.groupedSql).toContain(`c.grouping = 'worker' `);
    expect(cellsStatement(input('supervisor', ['worker'], { location: 'ML0901' }), maintained)?.groupedSql).toContain(`c.grouping = 'worker' `);
    expect(cellsStatement(input('analyst', ['worker']), maintained)?.groupedSql).toContain(`c.grouping = 'worker@all-locations'`);
  });

  it('limits closed-per-month counts and their total to closed cases, as live', () => {
    const closed = cellsStatement(input('analyst', ['closedMonth', 'protectionConcern']), maintained);
    expect(closed).toBeNull();
    const single = cellsStatement(input('analyst', ['closedMonth']), maintained);
    expect(single?.groupedSql).toContain('c.closed_month IS NOT NULL');
  });

  it('leaves to the live count what the cells cannot answer', () => {
    expect(cellsStatement(input('analyst', ['riskLevel', 'protectionConcern']), maintained)).toBeNull();
    expect(cellsStatement(input('analyst', ['sex', 'ageGroup'], { state: 'assessment', status: 'open' }), maintained)).toBeNull();
    expect(cellsStatement(input('analyst', ['sex'], { createdFrom: '2026-01-01' }), maintained)).toBeNull();
    expect(cellsStatement(input('analyst', ['sex'], { includeDisabled: 'true' }), maintained)).toBeNull();
    expect(cellsStatement(input('caseworker', ['sex']), maintained)).toBeNull();
    expect(cellsStatement({ ...input('supervisor', ['timer']), metric: 'overdueTasks' }, maintained)).toBeNull();
  });

  it('uses every parameter in both the grouped and the total statement', () => {
    const statement = cellsStatement(input('supervisor', ['protectionConcern'], { location: 'ML0901' }), maintained);
    const used = (sql = '') => new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    const all = statement?.params.map((_, i) => i + 1);
    expect([...used(statement?.groupedSql)].sort((a, b) => a - b)).toEqual(all);
    expect([...used(statement?.totalSql)].sort((a, b) => a - b)).toEqual(all);
  });
});

describe('liveStatement', () => {
  it('keeps one statement on cases with the scope of the actor', () => {
    const statement = liveStatement(input('regional_coordinator', ['sex']));
    expect(statement.fromCells).toBe(false);
    expect(statement.groupedSql).toContain('FROM cases c WHERE NOT c.disabled');
    expect(statement.groupedSql).not.toContain('case_stat_cells');
  });

  it('finds the cases of a narrow scope first, then counts only those (their metric rows included)', () => {
    const own = { ...input('caseworker', ['sex']), narrowScope: true };
    const statement = liveStatement(own);
    expect(statement.groupedSql).toMatch(/^WITH scoped AS MATERIALIZED \(SELECT .* FROM cases c WHERE NOT c\.disabled AND .*c\.owner_id = /);
    expect(statement.groupedSql).toContain('FROM scoped c GROUP BY');
    const overdue = liveStatement({ ...own, metric: 'overdueTasks', dims: [{ name: 'timer', ...DIMENSIONS.timer }] });
    expect(overdue.groupedSql).toContain('FROM workflow_timers t JOIN scoped c ON c.id = t.case_id WHERE');
  });
});

describe('workCellsStatement', () => {
  const work = (roleId: string, metric: string, groupBy: string[], filters: Record<string, unknown> = {}) => ({ ...input(roleId, groupBy, filters), metric });

  it('reads the workflow cells for the agency and counts own and assigned cases outside it live', () => {
    const statement = workCellsStatement(work('supervisor', 'overdueTasks', ['worker']));
    expect(statement?.fromCells).toBe(true);
    expect(statement?.groupedSql).toContain(`FROM case_stat_work_cells c WHERE c.metric = 'overdueTasks@all-locations' AND ((c.agency_id = $`);
    expect(statement?.groupedSql).toContain('FROM workflow_timers t JOIN scoped c ON c.id = t.case_id WHERE t.status = ');
    const approvals = workCellsStatement(work('analyst', 'pendingApprovals', ['approvalType'], { location: 'ML0901' }));
    expect(approvals?.groupedSql).toContain(`c.metric = 'pendingApprovals' AND c.location_path <@ $`);
    expect(approvals?.groupedSql).not.toContain('scoped');
    const regional = workCellsStatement(work('regional_coordinator', 'overdueTasks', ['worker']));
    expect(regional?.groupedSql).toContain(`c.metric = 'overdueTasks' AND`);
  });

  it('leaves to the live count own scopes, case-attribute filters, other metrics and dimensions', () => {
    expect(workCellsStatement(work('caseworker', 'overdueTasks', ['timer']))).toBeNull();
    expect(workCellsStatement(work('supervisor', 'overdueTasks', ['timer'], { status: 'open' }))).toBeNull();
    expect(workCellsStatement(work('supervisor', 'referralsOut', ['referralKind']))).toBeNull();
    expect(workCellsStatement(work('supervisor', 'overdueTasks', ['sex']))).toBeNull();
  });
});
