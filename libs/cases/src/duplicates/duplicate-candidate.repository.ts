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
    const visible = visibility(params.next);
    params.append(visible.params);
    const columns = CASE_COLUMNS.replace(/\bc\.data\b/, `${matchData(config)} AS data`);
    // The paths name rows by ctid (the same snapshot, one statement): the rows are then read by a TID scan, not by
    // ~140 more primary-key descents. jsonb_to_record reads the record's data once (detoasted once) and looks up only
    // the configured keys, where expanding every key of it (jsonb_each) and re-aggregating cost several times more.
    const sql = `WITH found AS (${branches.join(' UNION ')})
      SELECT ${columns}, ${visible.sql} AS visible
        FROM cases c CROSS JOIN LATERAL jsonb_to_record(c.data) AS m(${matchableFields(config).map((f) => `${f} jsonb`).join(', ')})
       WHERE c.ctid = ANY(ARRAY(SELECT ctid FROM found)) AND ${where.join(' AND ')}`;
    return executor.query<CandidateRow>(sql, params.values);
  }
}

/** The matchable fields of the record as an object (absent keys left out), from the columns of jsonb_to_record. */
function matchData(config: MatchingConfig): string {
  const pairs = matchableFields(config).map((f) => `'${f}', m.${f}`);
  // jsonb_build_object takes at most 100 arguments: a pack with many identifier fields gets several objects.
  const objects: string[] = [];
  for (let i = 0; i < pairs.length; i += 50) objects.push(`jsonb_build_object(${pairs.slice(i, i + 50).join(', ')})`);
  return `jsonb_strip_nulls(${objects.join(' || ')})`;
}

/** Every data field the scorer or the check's summary may read, once each (validated as plain identifiers at load). */
function matchableFields(config: MatchingConfig): string[] {
  const f = config.fields;
  return [
    ...new Set([
      ...f.names.fields,
      ...f.names.nicknameFields,
      ...(f.sex ? [f.sex.field] : []),
      ...(f.birth ? [f.birth.dateField, f.birth.ageField, f.birth.referenceDateField] : []),
      ...(f.caregiver?.fields ?? []),
      ...(f.location ? [f.location.field] : []),
      ...(f.identifiers?.fields ?? []),
    ]),
  ];
}
