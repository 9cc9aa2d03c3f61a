import { TutelaError } from '@tutela/common';
import type { VersionPrecondition } from '@tutela/cases';

/** `If-Match: "<version>"` (or W/"…"), else a `version` in the body; null when neither is given. */
export function versionPrecondition(ifMatch: string | undefined, bodyVersion: unknown): VersionPrecondition | null {
  if (ifMatch !== undefined) {
    const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
    if (!match) throw TutelaError.badRequest('If-Match must be the ETag of the case, e.g. "3"', [{ path: '/headers/if-match', code: 'invalid', message: 'expected "<version>"' }]);
    return { expected: Number(match[1]), source: 'if-match' };
  }
  if (bodyVersion !== undefined) return { expected: Number(bodyVersion), source: 'body' };
  return null;
}
