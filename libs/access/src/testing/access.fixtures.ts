import type { Actor } from '@tutela/common';
import type { CaseAccessAttributes } from '../case-access.types';
import type { CaseScope, RoleDefinition } from '../role-definition.types';

/** Shared by the access specs: stable ids so that expected SQL parameters read clearly. */
export const IDS = {
  worker1: '11111111-1111-4111-8111-111111111111',
  worker2: '22222222-2222-4222-8222-222222222222',
  supervisor: '33333333-3333-4333-8333-333333333333',
  ngoWorker: '44444444-4444-4444-8444-444444444444',
  caseA: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  caseB: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
} as const;

export function actor(overrides: Partial<Actor> = {}): Actor {
  return {
    userId: IDS.worker1,
    username: 'worker1',
    roleId: 'tester',
    agencyId: 'ministry',
    groupIds: ['bamako_team'],
    locationCode: 'ML0901',
    locationPath: 'ML.ML09.ML0901',
    locale: 'fr',
    ...overrides,
  };
}

export function role(overrides: Partial<RoleDefinition> = {}): RoleDefinition {
  return {
    id: 'tester',
    name: { en: 'Tester', fr: 'Testeur' },
    scope: 'own' as CaseScope,
    permissions: { case: ['read', 'update'] },
    forms: { '*': 'write' },
    ...overrides,
  };
}

/** A case nobody in the fixtures reaches by default: other owner, agency, group and region. */
export function caseRow(overrides: Partial<CaseAccessAttributes> = {}): CaseAccessAttributes {
  return {
    id: IDS.caseA,
    module: 'cp',
    ownerId: '99999999-9999-4999-8999-999999999999',
    agencyId: 'other_agency',
    groupIds: ['other_team'],
    assignedUserIds: [],
    locationPath: 'ML.ML05.ML0501',
    sharedUserIds: [],
    sharedAgencyIds: [],
    ...overrides,
  };
}
