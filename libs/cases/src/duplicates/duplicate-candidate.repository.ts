import { Injectable } from '@nestjs/common';
import { SqlExecutor } from '@tutela/persistence';
import { CASE_COLUMNS } from '../cases/case.repository';
import { CaseRecord } from '../cases/case.types';
import { SqlParams } from '../cases/sql-params';
import { CandidateQuery, areaOf, candidatePaths } from './candidate-paths';
import { MatchingConfig } from './matching-config';

/** What scoring reads of a candidate: its matchable data, place, last update and whether the caller may see it. */
export interface CandidateFacts {
  id: string;
  /** Only the configured matchable fields (see matchableFields). */
  data: Record<string, unknown>;
  locationPath: string | null;
  updatedAt: Date;
  visible: boolean;
}

export interface CandidateRow extends CaseRecord {
  locationPath: string | null;
  visible: boolean;
}

/**
 * Candidate retrieval (the paths are in candidate-paths.ts) in two steps: `candidates` reads what scoring needs of the
 * rows a UNION of narrow index lookups found (a hundred or more for common names at a million cases, nearly all then
 * scored out), and `rows` reads the case columns of the few that are reported. A candidate's `data` holds only the
 * fields matching reads (the check shows a subset of them): whole records are ten times larger.
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
  ): Promise<CandidateFacts[]> {
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
    const area = areaOf(query);
    if (area) {
      // Compared as text, so that no index is considered for it (see areaOf).
      where.push(`(starts_with(c.location_path::text || '.', ${params.add(area)}::text) OR c.ctid = ANY(ARRAY(SELECT ctid FROM found WHERE NOT area_only)))`);
    }
    const visible = visibility(params.next);
    params.append(visible.params);
    // The paths name rows by ctid (the same snapshot, one statement): the rows are then read by a TID scan, not by
    // ~140 more primary-key descents. jsonb_to_record reads the record's data once (detoasted once) and looks up only
    // the configured keys, where expanding every key of it (jsonb_each) and re-aggregating cost several times more.
    const sql = `WITH found AS (${branches.join(' UNION ')})
      SELECT c.id, ${matchData(config)} AS data, c.location_path::text AS "locationPath", c.updated_at AS "updatedAt", ${visible.sql} AS visible
        FROM cases c CROSS JOIN LATERAL ${matchRecord(config)}
       WHERE c.ctid = ANY(ARRAY(SELECT ctid FROM found)) AND ${where.join(' AND ')}`;
    return executor.query<CandidateFacts>(sql, params.values);
  }

  /** The case columns of reported candidates (data: the matchable fields only), in no particular order. */
  async rows(executor: SqlExecutor, candidates: CandidateFacts[], config: MatchingConfig): Promise<CandidateRow[]> {
    if (candidates.length === 0) return [];
    const columns = CASE_COLUMNS.replace(/\bc\.data\b/, `${matchData(config)} AS data`);
    const rows = await executor.query<CaseRecord & { locationPath: string | null }>(
      `SELECT ${columns} FROM cases c CROSS JOIN LATERAL ${matchRecord(config)}
        WHERE c.id = ANY($1::uuid[]) AND NOT c.disabled AND c.merged_into IS NULL`,
      [candidates.map((c) => c.id)],
    );
    const visible = new Map(candidates.map((c) => [c.id, c.visible]));
    return rows.map((row) => ({ ...row, visible: visible.get(row.id) ?? false }));
  }
}

/** The configured matchable keys of `c.data` as columns of `m`. */
function matchRecord(config: MatchingConfig): string {
  return `jsonb_to_record(c.data) AS m(${matchableFields(config).map((f) => `${f} jsonb`).join(', ')})`;
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
