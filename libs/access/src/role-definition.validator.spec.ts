import { validateRoleDefinitions } from './role-definition.validator';

const FORMS = ['basic_identity', 'assessment', 'case_plan'];
const valid = {
  id: 'caseworker',
  name: { en: 'Case worker', fr: 'Travailleur social' },
  scope: 'own',
  permissions: { case: ['read', 'create', 'update', 'request_approval'] },
  forms: { '*': 'read', case_plan: 'write' },
};
const check = (definition: unknown, file: string | undefined = 'roles/caseworker.json') => validateRoleDefinitions([{ file, definition }], FORMS);

describe('validateRoleDefinitions', () => {
  it('accepts a well-formed role', () => {
    expect(check(valid)).toEqual([]);
    expect(check({ ...valid, modules: ['cp'], flags: { disabled: false }, $schema: '../role.schema.json' })).toEqual([]);
  });

  it.each([
    ['a missing scope', { ...valid, scope: undefined }, '', "must have required property 'scope'"],
    ['an unknown scope', { ...valid, scope: 'region' }, '/scope', 'must be equal to one of the allowed values: own, group, agency, location, all'],
    ['an unknown verb', { ...valid, permissions: { case: ['read', 'delete'] } }, '/permissions/case/1', 'must be equal to one of the allowed values'],
    ['a verb on the wrong resource', { ...valid, permissions: { config: ['read'] } }, '/permissions/config/0', 'must be equal to one of the allowed values'],
    ['an unknown resource', { ...valid, permissions: { incident: ['read'] } }, '/permissions/incident', 'must NOT have additional properties'],
    ['CASL’s manage', { ...valid, permissions: { case: ['manage'] } }, '/permissions/case/0', 'must be equal to one of the allowed values'],
    ['a bad form access', { ...valid, forms: { case_plan: 'rw' } }, '/forms/case_plan', 'must be equal to one of the allowed values'],
    ['a missing French name', { ...valid, name: { en: 'Case worker' } }, '/name', "must have required property 'fr'"],
    ['an unknown property', { ...valid, color: 'red' }, '/color', 'must NOT have additional properties'],
    ['an unknown flag', { ...valid, flags: { superuser: true } }, '/flags/superuser', 'must NOT have additional properties'],
    ['duplicate verbs', { ...valid, permissions: { case: ['read', 'read'] } }, '/permissions/case', 'must NOT have duplicate items'],
  ])('reports %s', (_label, definition, path, message) => {
    const issues = check(definition);
    expect(issues).toContainEqual({ file: 'roles/caseworker.json', path, message: expect.stringContaining(message) });
  });

  it('reports unknown form ids but accepts "*"', () => {
    expect(check({ ...valid, forms: { '*': 'read', gbv_incident: 'write' } })).toEqual([
      { file: 'roles/caseworker.json', path: '/forms/gbv_incident', message: 'unknown form "gbv_incident"' },
    ]);
  });

  it('requires read for record verbs and the other prerequisites', () => {
    const issues = check({ ...valid, permissions: { case: ['update', 'export', 'view_stats', 'import', 'self_approve', 'break_glass'] } });
    expect(issues.map((issue) => issue.message)).toEqual([
      '"update" requires "read"',
      '"export" requires "read"',
      '"import" requires "create"',
      '"self_approve" requires "read"',
      '"self_approve" requires "approve"',
      '"break_glass" requires "read"',
    ]);
    expect(issues.every((issue) => issue.path === '/permissions/case')).toBe(true);
  });

  it('keeps a statistics-only role to view_stats', () => {
    const analyst = { ...valid, id: 'analyst', scope: 'all', flags: { statsOnly: true } };
    expect(validateRoleDefinitions([{ definition: { ...analyst, permissions: { case: ['view_stats'] } } }], FORMS)).toEqual([]);
    expect(validateRoleDefinitions([{ definition: { ...analyst, permissions: { case: ['view_stats', 'read', 'export'] } } }], FORMS)).toEqual([
      { path: '/permissions/case', message: 'a statistics-only role may not hold read, export' },
    ]);
  });

  it('reports duplicate ids and files not named after the id', () => {
    const issues = validateRoleDefinitions(
      [
        { file: 'roles/caseworker.json', definition: valid },
        { file: 'roles/caseworker-copy.json', definition: valid },
      ],
      FORMS,
    );
    expect(issues).toEqual([
      { file: 'roles/caseworker-copy.json', path: '/id', message: 'duplicate role id "caseworker" (also in roles/caseworker.json)' },
      { file: 'roles/caseworker-copy.json', path: '/id', message: 'role "caseworker" must be stored in caseworker.json' },
    ]);
  });

  it('reports a definition that is not an object, without a file for admin API bodies', () => {
    expect(validateRoleDefinitions([{ definition: null }], FORMS)).toEqual([{ path: '', message: 'must be object' }]);
  });
});
