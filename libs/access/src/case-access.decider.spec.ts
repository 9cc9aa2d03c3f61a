import { TutelaError } from '@tutela/common';
import { defineAbilityFor } from './ability.factory';
import { assertCaseAccess, decideCaseAccess } from './case-access.decider';
import { IDS, actor, caseRow, role } from './testing/access.fixtures';

describe('decideCaseAccess', () => {
  const worker = defineAbilityFor(actor(), role({ scope: 'own', permissions: { case: ['read', 'update', 'add_note'] } }));
  const analyst = defineAbilityFor(actor(), role({ scope: 'all', permissions: { case: ['view_stats'] }, flags: { statsOnly: true } }));
  const own = caseRow({ ownerId: IDS.worker1 });

  it.each([
    ['a missing case', 'not_found', worker, 'read', null],
    ['a case outside the scope, for any action', 'not_found', worker, 'update', caseRow()],
    ['an own case and a granted action', 'allowed', worker, 'add_note', own],
    ['an own case and an action the role lacks', 'forbidden', worker, 'approve', own],
    ['a shared case and an action shares never carry (readable, so 403)', 'forbidden', worker, 'assign', caseRow({ sharedUserIds: [IDS.worker1] })],
    ['a shared case and update', 'allowed', worker, 'update', caseRow({ sharedUserIds: [IDS.worker1] })],
    ['any individual case for a statistics-only role', 'not_found', analyst, 'view_stats', own],
  ] as const)('%s → %s', (_label, expected, ability, action, row) => {
    expect(decideCaseAccess(ability, action, row)).toBe(expected);
  });

  it('assertCaseAccess throws NOT_FOUND and FORBIDDEN, and returns when allowed', () => {
    expect(() => assertCaseAccess(worker, 'read', caseRow())).toThrow(expect.objectContaining({ code: 'NOT_FOUND', status: 404 }));
    expect(() => assertCaseAccess(worker, 'request_approval', own)).toThrow(expect.objectContaining({ code: 'FORBIDDEN', status: 403 }));
    expect(() => assertCaseAccess(worker, 'update', own)).not.toThrow();
    expect(() => assertCaseAccess(worker, 'request_approval', own)).toThrow(TutelaError);
    expect(() => assertCaseAccess(worker, 'request_approval', own)).toThrow('Action "request_approval" is not allowed on this case');
  });
});
