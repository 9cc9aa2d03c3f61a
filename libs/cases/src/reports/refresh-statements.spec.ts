import { applyDeltaStatements, COLLECT_CHANGED_CASES } from './refresh-statements';
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

  it('takes back what changed cases contributed before and counts what they contribute now', () => {
    const [plain] = applyDeltaStatements(['sex']);
    expect(plain).toContain('1 AS sign FROM stat_changed WHERE NOT disabled');
    expect(plain).toContain('-1 FROM case_stat_members m JOIN stat_changed x ON x.case_id = m.case_id');
    expect(COLLECT_CHANGED_CASES).toContain('WHERE c.change_xid >= $1::xid8');
  });
});
