import { ID_PATTERN, JSON_SCHEMA_DIALECT, LOCALE_PATTERN, idListSchema, localizedDescriptionSchema, localizedNameSchema } from './access-schema.shared';

/** Location codes as the forms engine accepts them (`locations` table key). */
export const LOCATION_CODE_PATTERN = '^[A-Za-z0-9_]{1,64}$';
/** Lower case, so the unique index on lower(username) and the file agree. */
export const USERNAME_PATTERN = '^[a-z][a-z0-9_.-]{1,62}$';

/** One agency (`agencies.json` item, `/admin/agencies` body). */
export const AGENCY_SCHEMA = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: 'https://tutela.dev/schemas/agency.json',
  title: 'Tutela agency',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', pattern: ID_PATTERN },
    name: localizedNameSchema,
    shortName: { type: 'string', minLength: 1, maxLength: 40 },
    description: localizedDescriptionSchema,
    services: { ...idListSchema, description: 'Service types the agency provides (referral recipients are filtered on them).' },
    disabled: { type: 'boolean' },
  },
} as const;

/** One user group (`user-groups.json` item, `/admin/user-groups` body). */
export const USER_GROUP_SCHEMA = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: 'https://tutela.dev/schemas/user-group.json',
  title: 'Tutela user group',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'agencyIds'],
  properties: {
    id: { type: 'string', pattern: ID_PATTERN },
    name: localizedNameSchema,
    description: localizedDescriptionSchema,
    agencyIds: { ...idListSchema, minItems: 1 },
    disabled: { type: 'boolean' },
  },
} as const;

/** One user account without credentials (`demo-users.json` item; `/admin/users` adds the password). */
export const USER_ACCOUNT_SCHEMA = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: 'https://tutela.dev/schemas/user-account.json',
  title: 'Tutela user account',
  type: 'object',
  additionalProperties: false,
  required: ['username', 'fullName', 'roleId', 'agencyId', 'groupIds', 'locationCode', 'locale'],
  properties: {
    username: { type: 'string', pattern: USERNAME_PATTERN },
    fullName: { type: 'string', minLength: 1, maxLength: 200 },
    email: { type: 'string', format: 'email', maxLength: 254 },
    position: { type: 'string', minLength: 1, maxLength: 200 },
    roleId: { type: 'string', pattern: ID_PATTERN },
    agencyId: { type: 'string', pattern: ID_PATTERN },
    groupIds: idListSchema,
    locationCode: { anyOf: [{ type: 'string', pattern: LOCATION_CODE_PATTERN }, { type: 'null' }] },
    locale: { type: 'string', pattern: LOCALE_PATTERN },
    disabled: { type: 'boolean' },
  },
} as const;

/** A pack file is an array of items; the item schema is inlined so editors need a single schema per file. */
function fileOf<T extends { $schema: string; $id: string }>(id: string, title: string, item: T) {
  const { $schema: _dialect, $id: _itemId, ...itemSchema } = item;
  return { $schema: JSON_SCHEMA_DIALECT, $id: id, title, type: 'array', items: itemSchema } as const;
}

export const AGENCIES_FILE_SCHEMA = fileOf('https://tutela.dev/schemas/agencies-file.json', 'agencies.json', AGENCY_SCHEMA);
export const USER_GROUPS_FILE_SCHEMA = fileOf('https://tutela.dev/schemas/user-groups-file.json', 'user-groups.json', USER_GROUP_SCHEMA);
export const DEMO_USERS_FILE_SCHEMA = fileOf('https://tutela.dev/schemas/demo-users-file.json', 'demo-users.json', USER_ACCOUNT_SCHEMA);
