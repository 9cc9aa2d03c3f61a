import { SqlExecutor } from '@tutela/persistence';
import { newShortId } from '../cases/short-id';

/** Who created each of these cases, for the ids that exist: an import re-run meets its own rows there. */
export async function caseCreators(executor: SqlExecutor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await executor.query<{ id: string; createdBy: string }>(`SELECT id, created_by AS "createdBy" FROM cases WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.createdBy]));
}

/**
 * `count` short ids, distinct from each other and from every stored case. A single create leaves a collision to the
 * unique index; in a multi-row INSERT one collision would skip a row, so a chunk checks its draw against the table
 * (one query; with 1,000,000 stored cases, about one chunk of 500 in 55 has to redraw an id).
 */
export async function freeShortIds(executor: SqlExecutor, count: number): Promise<string[]> {
  const ids = new Set<string>();
  if (count === 0) return [];
  for (;;) {
    while (ids.size < count) ids.add(newShortId());
    const taken = await executor.query<{ shortId: string }>(`SELECT short_id AS "shortId" FROM cases WHERE short_id = ANY($1::text[])`, [[...ids]]);
    if (taken.length === 0) return [...ids];
    for (const { shortId } of taken) ids.delete(shortId);
  }
}
