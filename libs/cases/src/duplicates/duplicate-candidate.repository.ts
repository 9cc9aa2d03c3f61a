import { Injectable } from '@nestjs/common';
import { SqlExecutor } from '@tutela/persistence';
import { CASE_COLUMNS } from '../cases/case.repository';
import { CaseRecord } from '../cases/case.types';
import { SqlParams } from '../cases/sql-params';
import { CandidateQuery, candidatePaths } from './candidate-paths';
import { MatchingConfig } from './matching-config';

export interface CandidateRow extends CaseRecord {
  locationPath: string | null;
  visible: boolean;
}

/**
 * Candidate retrieval (the paths are in candidate-paths.ts): the ids of a UNION of narrow index lookups, then those
 * rows and whether the caller may see them. A candidate's `data` holds only the fields matching reads (the check
 * shows a subset of them): whole records are ten times larger, and at a million cases a check reads a few hundred.
 */
@Injectable()
export class DuplicateCandidateRepository {
  /** `selfId`: the case being scanned (excluded, and so are the pairs decided "not duplicate" with it). */
  async candidates(
    executor: SqlExecutor,
    query: CandidateQuery,
    config: MatchingConfig,
    visibility: (offset: number) => { sql: string; params: unknown[] },
    selfId?: string,
  ): Promise<CandidateRow[]> {
    const params = new SqlParams();
    const branches = candidatePaths(query, config, params);
    if (branches.length === 0) return [];
    const where = ['c.merged_into IS NULL'];
    if (selfId) {
      const self = params.add(selfId);
      where.push(`c.id <> ${self}::uuid`);
      where.push(`NOT EXISTS (SELECT 1 FROM duplicate_decisions d WHERE d.resolution = 'not_duplicate'
        AND ((d.case_a = c.id AND d.case_b = ${self}::uuid) OR (d.case_b = c.id AND d.case_a = ${self}::uuid)))`);
    }
    const fields = params.add(matchableFields(config));
    const visible = visibility(params.next);
    params.append(visible.params);
    const columns = CASE_COLUMNS.replace(/\bc\.data\b/, `coalesce((SELECT jsonb_object_agg(key, value) FROM jsonb_each(c.data) WHERE key = ANY(${fields}::text[])), '{}') AS data`);
    const sql = `WITH ids AS (${branches.join(' UNION ')})
      SELECT ${columns}, ${visible.sql} AS visible
        FROM cases c JOIN ids ON ids.id = c.id
       WHERE ${where.join(' AND ')}`;
    return executor.query<CandidateRow>(sql, params.values);
  }
}

/** Every data field the scorer or the check's summary may read. */
function matchableFields(config: MatchingConfig): string[] {
  const f = config.fields;
  return [
    ...f.names.fields,
    ...f.names.nicknameFields,
    ...(f.sex ? [f.sex.field] : []),
    ...(f.birth ? [f.birth.dateField, f.birth.ageField, f.birth.referenceDateField] : []),
    ...(f.caregiver?.fields ?? []),
    ...(f.location ? [f.location.field] : []),
    ...(f.identifiers?.fields ?? []),
  ];
}
