import { validateAccessPack, validateAgencyDefinition, validateUserAccountDefinition, validateUserGroupDefinition } from './access-pack.validator';

const role = (id: string) => ({
  file: `roles/${id}.json`,
  definition: { id, name: { en: id, fr: id }, scope: 'own', permissions: { case: ['read'] }, forms: { '*': 'read' } },
});
const agency = { id: 'ministry', name: { en: 'Ministry', fr: 'Ministère' }, services: ['health'] };
const group = { id: 'team', name: { en: 'Team', fr: 'Équipe' }, agencyIds: ['ministry'] };
const user = { username: 'worker1', fullName: 'Moussa Keïta', roleId: 'caseworker', agencyId: 'ministry', groupIds: ['team'], locationCode: 'ML0901', locale: 'fr' };
const pack = (overrides: { agencies?: unknown; userGroups?: unknown; users?: unknown } = {}) => ({
  roles: [role('caseworker')],
  agencies: { file: 'agencies.json', definition: overrides.agencies ?? [agency] },
  userGroups: { file: 'user-groups.json', definition: overrides.userGroups ?? [group] },
  users: { file: 'demo-users.json', definition: overrides.users ?? [user] },
});
const context = { knownFormIds: ['basic_identity'], knownLocationCodes: ['ML', 'ML0901'], knownServiceIds: ['health'] };

describe('validateAccessPack', () => {
  it('accepts a consistent pack, with or without demo users', () => {
    expect(validateAccessPack(pack(), context)).toEqual([]);
    expect(validateAccessPack({ ...pack(), users: undefined }, context)).toEqual([]);
  });

  it('reports broken cross-references with file and pointer', () => {
    const issues = validateAccessPack(
      pack({
        agencies: [{ ...agency, services: ['health', 'teleportation'] }],
        userGroups: [group, { ...group, id: 'other', agencyIds: ['ghost_agency'] }],
        users: [{ ...user, roleId: 'ghost_role', agencyId: 'ghost_agency', groupIds: ['team', 'ghost_group'], locationCode: 'XX99' }],
      }),
      context,
    );
    expect(issues).toEqual([
      { file: 'agencies.json', path: '/0/services/1', message: 'unknown service "teleportation"' },
      { file: 'user-groups.json', path: '/1/agencyIds/0', message: 'unknown agency "ghost_agency"' },
      { file: 'demo-users.json', path: '/0/roleId', message: 'unknown role "ghost_role"' },
      { file: 'demo-users.json', path: '/0/agencyId', message: 'unknown agency "ghost_agency"' },
      { file: 'demo-users.json', path: '/0/groupIds/1', message: 'unknown user group "ghost_group"' },
      { file: 'demo-users.json', path: '/0/locationCode', message: 'unknown location "XX99"' },
    ]);
  });

  it('reports duplicates: agency and group ids, usernames regardless of case', () => {
    const issues = validateAccessPack(
      pack({ agencies: [agency, agency], userGroups: [group, group], users: [user, { ...user, username: 'worker1' }] }),
      context,
    );
    expect(issues.map(({ file, path }) => `${file}${path}`)).toEqual(['agencies.json/1/id', 'user-groups.json/1/id', 'demo-users.json/1/username']);
  });

  it('reports schema problems and skips the cross-checks of an invalid file', () => {
    const issues = validateAccessPack(pack({ users: [{ ...user, username: 'Worker 1', password: 'secret' }] }), context);
    expect(issues).toEqual([
      { file: 'demo-users.json', path: '/0/password', message: 'must NOT have additional properties' },
      { file: 'demo-users.json', path: '/0/username', message: expect.stringContaining('must match pattern') },
    ]);
  });

  it('accepts users without a home location when none is required', () => {
    expect(validateAccessPack(pack({ users: [{ ...user, locationCode: null }] }), context)).toEqual([]);
  });
});

describe('single-item validators for the admin API', () => {
  it('accept valid items and report invalid ones without a file', () => {
    expect(validateAgencyDefinition(agency)).toEqual([]);
    expect(validateUserGroupDefinition(group)).toEqual([]);
    expect(validateUserAccountDefinition({ ...user, email: 'worker1@example.org' })).toEqual([]);
    expect(validateAgencyDefinition({ id: 'Bad Id', name: { en: 'x', fr: 'y' } })).toEqual([{ path: '/id', message: expect.stringContaining('pattern') }]);
    expect(validateUserGroupDefinition({ ...group, agencyIds: [] })).toEqual([{ path: '/agencyIds', message: 'must NOT have fewer than 1 items' }]);
    expect(validateUserAccountDefinition({ ...user, email: 'not-an-email' })).toEqual([{ path: '/email', message: 'must match format "email"' }]);
  });
});
