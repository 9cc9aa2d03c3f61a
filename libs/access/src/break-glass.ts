import { TutelaError } from '@tutela/common';
import type { AccessGrant } from './case-access.types';

export const BREAK_GLASS_DEFAULT_MINUTES = 60;
export const BREAK_GLASS_MAX_MINUTES = 24 * 60;
export const BREAK_GLASS_MIN_REASON_LENGTH = 10;

export interface BreakGlassRequest {
  caseId: string;
  /** Why the actor needs the case; stored with the grant and in the audit log. */
  reason: string;
  durationMinutes?: number;
  now?: Date;
}

/**
 * The grant for a break-the-glass request, after checking the reason and the duration (422 with `/reason` or
 * `/durationMinutes`). The caller checks `ability.can('break_glass', 'Case')` first and that the case exists.
 */
export function createBreakGlassGrant(request: BreakGlassRequest): AccessGrant {
  const duration = request.durationMinutes ?? BREAK_GLASS_DEFAULT_MINUTES;
  const problems = [];
  if (typeof request.reason !== 'string' || request.reason.trim().length < BREAK_GLASS_MIN_REASON_LENGTH) {
    problems.push({ path: '/reason', code: 'minLength', message: `State a reason of at least ${BREAK_GLASS_MIN_REASON_LENGTH} characters` });
  }
  if (!Number.isInteger(duration) || duration < 1 || duration > BREAK_GLASS_MAX_MINUTES) {
    problems.push({ path: '/durationMinutes', code: 'range', message: `Duration must be 1 to ${BREAK_GLASS_MAX_MINUTES} minutes` });
  }
  if (problems.length > 0) throw TutelaError.validation(problems);
  const now = request.now ?? new Date();
  return { caseId: request.caseId, kind: 'break_glass', forms: '*', expiresAt: new Date(now.getTime() + duration * 60_000) };
}
