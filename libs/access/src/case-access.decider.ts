import { TutelaError } from '@tutela/common';
import { caseSubject, type TutelaAbility } from './ability.factory';
import type { CaseAccessAttributes } from './case-access.types';
import type { CaseRecordAction } from './permission.catalog';

export type CaseAccessDecision = 'allowed' | 'not_found' | 'forbidden';

/**
 * The 404/403 rule of API.md in one place: a missing case and a case the actor may not read look the same
 * (`not_found`), so existence never leaks; a readable case on which the action is not granted is `forbidden`.
 * For `create` use `ability.can('create', caseSubject(draft))` instead: there is nothing to find yet.
 */
export function decideCaseAccess(
  ability: TutelaAbility,
  action: CaseRecordAction,
  attributes: CaseAccessAttributes | null | undefined,
): CaseAccessDecision {
  if (!attributes) return 'not_found';
  const target = caseSubject(attributes);
  if (!ability.can('read', target)) return 'not_found';
  return ability.can(action, target) ? 'allowed' : 'forbidden';
}

/** Throws the TutelaError matching `decideCaseAccess` (NOT_FOUND or FORBIDDEN); returns when allowed. */
export function assertCaseAccess(
  ability: TutelaAbility,
  action: CaseRecordAction,
  attributes: CaseAccessAttributes | null | undefined,
): asserts attributes is CaseAccessAttributes {
  const decision = decideCaseAccess(ability, action, attributes);
  if (decision === 'not_found') throw TutelaError.notFound('Case');
  if (decision === 'forbidden') throw TutelaError.forbidden(`Action "${action}" is not allowed on this case`);
}
