import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENCIES_FILE_SCHEMA, DEMO_USERS_FILE_SCHEMA, USER_GROUPS_FILE_SCHEMA } from './access-pack.schema';
import { ROLE_DEFINITION_SCHEMA } from './role-definition.schema';

/** The schemas under docs/ are what editors validate pack files with: they must not drift from the code. */
describe('docs/*.schema.json', () => {
  it.each([
    ['role-definition', ROLE_DEFINITION_SCHEMA],
    ['agencies', AGENCIES_FILE_SCHEMA],
    ['user-groups', USER_GROUPS_FILE_SCHEMA],
    ['demo-users', DEMO_USERS_FILE_SCHEMA],
  ])('docs/%s.schema.json equals the exported schema', (name, schema) => {
    const published = JSON.parse(readFileSync(join(__dirname, `../../../docs/${name}.schema.json`), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(schema)));
  });
});
