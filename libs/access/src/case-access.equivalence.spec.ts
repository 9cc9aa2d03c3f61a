import { createMongoAbility } from '@casl/ability';
import type { Actor } from '@tutela/common';
import { caseSubject, defineAbilityFor, type TutelaAbility } from './ability.factory';
import { caseConditionsMatcher } from './case-conditions';
import { CASE_ACCESS_COLUMNS, caseAccessTree, type AccessTree } from './case-access.tree';
import type { CaseAccessAttributes } from './case-access.types';
import type { CaseRecordAction } from './permission.catalog';
import type { CaseScope, RoleDefinition } from './role-definition.types';
import { IDS, actor, caseRow, role } from './testing/access.fixtures';

/**
 * The list query and the per-record check must agree on every case. The tree the SQL is rendered from is evaluated
 * here with PostgreSQL semantics (array containment/overlap, ltree label-wise subtree, and the NULL guard on
 * location_path) and compared with CASL's in-memory answer over every combination of case attributes.
 */
function evaluate(tree: AccessTree, row: CaseAccessAttributes): boolean {
  switch (tree.kind) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'and':
      return tree.children.every((child) => evaluate(child, row));
    case 'or':
      return tree.children.some((child) => evaluate(child, row));
    case 'not':
      return !evaluate(tree.child, row);
    case 'predicate': {
      const value = row[tree.field] as unknown;
      if (value === null || value === undefined) return false;
      if (tree.operator === 'under') {
        const labels = String(value).split('.');
        const base = String(tree.value).split('.');
        return base.every((label, index) => labels[index] === label);
      }
      const operand = tree.value;
      if (CASE_ACCESS_COLUMNS[tree.field].array) {
        const items = value as string[];
        return tree.operator === 'eq' ? items.includes(operand as string) : items.some((item) => (operand as string[]).includes(item));
      }
      return tree.operator === 'eq' ? value === operand : (operand as string[]).includes(value as string);
    }
  }
}

const OTHER = '99999999-9999-4999-8999-999999999999';
function* allRows(): Generator<CaseAccessAttributes> {
  for (const ownerId of [IDS.worker1, OTHER])
    for (const assignedUserIds of [[], [OTHER, IDS.worker1]])
      for (const groupIds of [[], ['bamako_team', 'x']])
        for (const agencyId of ['ministry', 'other_agency'])
          for (const locationPath of [null, 'ML.ML09.ML0901', 'ML.ML09.ML0901.ML090101', 'ML.ML09.ML09011', 'ML.ML09'])
            for (const sharedUserIds of [[], [IDS.worker1]])
              for (const sharedAgencyIds of [[], ['ministry']])
                for (const module of ['cp', 'gbv'])
                  for (const id of [IDS.caseA, IDS.caseB])
                    yield caseRow({ id, module, ownerId, agencyId, groupIds, assignedUserIds, locationPath, sharedUserIds, sharedAgencyIds });
}
const ROWS = [...allRows()];

function expectAgreement(ability: TutelaAbility, action: CaseRecordAction): void {
  const tree = caseAccessTree(ability, action);
  const disagreements = ROWS.filter((row) => evaluate(tree, row) !== ability.can(action, caseSubject(row)));
  expect(disagreements).toEqual([]);
}

describe('SQL tree ≡ CASL check', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  const grants = [
    { caseId: IDS.caseA, kind: 'break_glass' as const, expiresAt: new Date('2026-03-01T11:00:00Z') },
    { caseId: IDS.caseB, kind: 'break_glass' as const, expiresAt: new Date('2026-03-01T09:00:00Z') },
  ];
  const actors: Record<string, Actor> = {
    default: actor(),
    noGroupsNoLocation: actor({ groupIds: [], locationPath: null, locationCode: null }),
    otherAgency: actor({ agencyId: 'other_agency', groupIds: ['x'] }),
  };
  const combos: [string, CaseScope, string[] | undefined, boolean, boolean][] = [];
  for (const actorName of Object.keys(actors))
    for (const scope of ['own', 'group', 'agency', 'location', 'all'] as CaseScope[])
      for (const modules of [undefined, ['cp']])
        for (const breakGlass of [false, true]) for (const statsOnly of [false, true]) combos.push([actorName, scope, modules, breakGlass, statsOnly]);

  it.each(combos)('actor %s, scope %s, modules %j, break_glass %s, statsOnly %s', (actorName, scope, modules, breakGlass, statsOnly) => {
    const verbs = ['read', 'update', 'approve', 'view_stats', 'read_sensitive', ...(breakGlass ? ['break_glass'] : [])];
    const r: RoleDefinition = role({ scope, modules, permissions: { case: verbs as never[] }, flags: { statsOnly } });
    const ability = defineAbilityFor(actors[actorName], r, { grants, now });
    for (const action of ['read', 'update', 'approve', 'view_stats', 'read_sensitive', 'export'] as const) expectAgreement(ability, action);
  });

  it('agrees for random mixes of can and cannot rules', () => {
    const pool: object[] = [
      { ownerId: IDS.worker1 },
      { assignedUserIds: IDS.worker1 },
      { groupIds: { $in: ['bamako_team'] } },
      { agencyId: 'ministry' },
      { agencyId: { $in: ['ministry', 'other_agency'] } },
      { locationPath: { $under: 'ML.ML09.ML0901' } },
      { locationPath: 'ML.ML09' },
      { sharedUserIds: IDS.worker1 },
      { sharedAgencyIds: { $in: ['ministry'] } },
      { module: 'gbv' },
      { id: { $in: [IDS.caseA] } },
      { module: { $in: ['cp'] }, agencyId: 'ministry' },
      {},
    ];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let trial = 0; trial < 150; trial++) {
      const rules = Array.from({ length: 1 + random(5) }, () => {
        const conditions = random(6) === 0 ? undefined : pool[random(pool.length)];
        return { action: 'read', subject: 'Case', inverted: random(3) === 0, ...(conditions && { conditions }) };
      });
      const ability = createMongoAbility(rules as never[], { conditionsMatcher: caseConditionsMatcher as never }) as TutelaAbility;
      expectAgreement(ability, 'read');
    }
  });
});
