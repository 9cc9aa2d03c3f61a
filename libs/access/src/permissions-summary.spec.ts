import { permissionsSummary } from './permissions-summary';
import { role } from './testing/access.fixtures';

describe('permissionsSummary', () => {
  const supervisor = role({
    id: 'supervisor',
    scope: 'agency',
    modules: ['cp'],
    permissions: { case: ['read', 'approve', 'read', 'delete' as never], config: [], audit_log: ['read_audit_log'] },
    forms: { '*': 'read', case_plan: 'write', gbv_details: 'none' },
  });

  it('shows the effective verbs and forms', () => {
    expect(permissionsSummary(supervisor)).toEqual({
      roleId: 'supervisor',
      name: { en: 'Tester', fr: 'Testeur' },
      scope: 'agency',
      modules: ['cp'],
      statsOnly: false,
      permissions: { case: ['read', 'approve'], config: [], user: [], audit_log: ['read_audit_log'] },
      forms: { '*': 'read', case_plan: 'write' },
    });
  });

  it('expands "*" into the known form ids', () => {
    expect(permissionsSummary(supervisor, { formIds: ['basic_identity', 'case_plan', 'gbv_details'] }).forms).toEqual({
      basic_identity: 'read',
      case_plan: 'write',
    });
  });

  it('shows nothing granted for a disabled role, and the statistics-only guard', () => {
    const disabled = permissionsSummary({ ...supervisor, flags: { disabled: true } });
    expect(disabled.permissions).toEqual({ case: [], config: [], user: [], audit_log: [] });
    expect(disabled.forms).toEqual({});
    const analyst = permissionsSummary(role({ scope: 'all', permissions: { case: ['read', 'view_stats'] }, flags: { statsOnly: true } }));
    expect(analyst.permissions.case).toEqual(['view_stats']);
    expect(analyst).toMatchObject({ statsOnly: true, modules: '*' });
  });
});
