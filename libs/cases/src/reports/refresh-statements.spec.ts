import { applyDeltaStatements, COLLECT_CHANGED_CASES, REPLACE_WORK_CELLS } from './refresh-statements';
import { maintainedGroupings } from './stat-groupings';
import { DashboardDefinition } from './stats-settings';

describe('maintainedGroupings', () => {
  it('keeps totals, every dimension alone and each dashboard widget with its filter dimensions', () => {
    const dashboards: DashboardDefinition[] = [
      {
        id: 'd',
        name: { en: 'd' },
        widgets: [
          { id: 'a', metric: 'cases', groupBy: ['sex', 'ageGroup'] },
          { id: 'b', metric: 'cases', groupBy: ['worker'], filters: { status: 'open' } },
          { id: 'c', metric: 'cases', groupBy: ['location'], level: 1 },
          { id: 'e', metric: 'overdueTasks', groupBy: ['worker'] },
          { id: 'f', metric: 'cases', groupBy: ['sex'], filters: { createdFrom: '2026-01-01' } },
        ],
      },
    ];
    const groupings = maintainedGroupings(dashboards);
    expect(groupings).toEqual(expect.arrayContaining(['', 'sex', 'worker', 'protectionConcern', 'ageGroup,sex', 'status,worker']));
    expect(groupings).not.toContain('location');
    expect(groupings).toEqual(expect.arrayContaining(['worker@all-locations', 'status,worker@all-locations']));
    expect(groupings).not.toContain('sex@all-locations');
    // Every combination of up to three small dimensions, for ad-hoc aggregates (two grouped, one filtered).
    expect(groupings).toEqual(expect.arrayContaining(['ageGroup,sex,workflowState', 'riskLevel,status', 'ageGroup,riskLevel,sex']));
    expect(groupings).not.toContain('ageGroup,riskLevel,sex,status');
  });
});

describe('applyDeltaStatements', () => {
  it('labels each grouping set by its GROUPING() bits and upserts onto the existing counts', () => {
    const [plain, concerns] = applyDeltaStatements(['', 'sex', 'ageGroup,sex', 'protectionConcern']);
    // Columns in order sex, age_group: '' aggregates both away (0b11), 'sex' keeps sex (0b01), both kept (0b00).
    expect(plain).toContain(`CASE GROUPING(sex, age_group) WHEN 3 THEN '' WHEN 1 THEN 'sex' WHEN 0 THEN 'ageGroup,sex' END`);
    expect(plain).toContain('GROUPING SETS ((module, agency_id, location_path), (module, agency_id, location_path, sex), (module, agency_id, location_path, age_group, sex))');
    expect(plain).toContain('ON CONFLICT (grouping, agency_id, module, location_path,');
    expect(plain).toContain('cases = case_stat_cells.cases + EXCLUDED.cases');
    expect(concerns).toContain('unnest(d.protection_concerns)');
  });

  it('pre-aggregates the delta of the groupings of small dimensions, and only those', () => {
    const [small, other] = applyDeltaStatements(['', 'sex', 'ageGroup,sex,workflowState', 'worker']);
    expect(small).toContain('sum(d.sign) AS sign');
    expect(small).toMatch(/GROUP BY 1, 2, 3, 4, 5, 6\) d/);
    expect(small).not.toMatch(/GROUPING SETS .*owner_id/);
    expect(other).toContain('(module, agency_id, location_path, owner_id)');
    expect(other).not.toContain('sum(d.sign) AS sign');
  });

  it('keeps a grouping with locations merged as its own labelled set, without the location column', () => {
    const [, plain] = applyDeltaStatements(['', 'worker', 'worker@all-locations']);
    // Columns location_path, owner_id: '' aggregates the owner away (0b01), 'worker' keeps both (0b00), the merged one
    // keeps the owner only (0b10).
    expect(plain).toContain(`CASE GROUPING(location_path, owner_id) WHEN 0 THEN 'worker' WHEN 2 THEN 'worker@all-locations' END`);
    expect(plain).toContain('GROUPING SETS ((module, agency_id, location_path, owner_id), (module, agency_id, owner_id))');
  });

  it('takes back what changed cases contributed before and counts what they contribute now', () => {
    const [plain] = applyDeltaStatements(['sex']);
    expect(plain).toContain('1 AS sign FROM stat_changed WHERE NOT disabled');
    expect(plain).toContain('-1 FROM case_stat_members m JOIN stat_changed x ON x.case_id = m.case_id');
    expect(COLLECT_CHANGED_CASES).toContain('WHERE c.change_xid >= $1::xid8');
  });
});

describe('REPLACE_WORK_CELLS', () => {
  it('recounts overdue tasks due before the refresh and pending uncleared approvals, by location and with locations merged', () => {
    const [clear, overdue, approvals] = REPLACE_WORK_CELLS;
    expect(clear).toBe('DELETE FROM case_stat_work_cells');
    expect(overdue).toContain(`t.status = 'scheduled' AND t.due_at < now()`);
    expect(overdue).toContain(`CASE GROUPING(m.location_path) WHEN 0 THEN 'overdueTasks' ELSE 'overdueTasks@all-locations' END`);
    expect(overdue).toContain('GROUPING SETS ((t.timer, m.module, m.agency_id, m.location_path, m.owner_id), (t.timer, m.module, m.agency_id, m.owner_id))');
    expect(approvals).toContain(`a.status = 'pending' AND a.cleared_at IS NULL`);
  });
});
