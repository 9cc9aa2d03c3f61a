import { Injectable } from '@nestjs/common';
import { SqlExecutor } from '@tutela/persistence';
import { CASE_COLUMNS } from '../cases/case.repository';
import { CaseRecord } from '../cases/case.types';
import { SqlParams } from '../cases/sql-params';
import { MatchingConfig } from './matching-config';

/** What a registration offers to retrieval: everything already normalized except the caregiver (SQL normalizes it). */
export interface CandidateQuery {
  /** Double Metaphone codes per name token (main names and nicknames), at most a handful of tokens. */
  tokenCodes: string[][];
  sex: string | null;
  birthYear: number | null;
  dateOfBirth: string | null;
  caregiver: string | null;
  identifiers: string[];
  /** The case being scanned (excluded, and pairs decided "not duplicate" with it are skipped). */
  selfId?: string;
}

export interface CandidateRow extends CaseRecord {
  locationPath: string | null;
  /** Matchable text fields, normalized by tutela_normalize. */
  texts: Record<string, string>;
  visible: boolean;
}

/** Rows per retrieval path: enough for the most common names, bounded so a check stays a few milliseconds. */
const PATH_LIMIT = 300;

/**
 * Candidate retrieval: a UNION of index-backed paths, each selective on its own, so no path scans the table.
 *  - two name tokens sharing a phonetic code each (GIN cases_phonetic_gin; token order free: swapped names);
 *  - one name token sharing a code, same sex, birth year within the window (cases_match_birth_idx + GIN);
 *  - same caregiver after normalization (cases_match_caregiver_idx);
 *  - same date of birth (GIN cases_data_gin, jsonb_path_ops containment);
 *  - a shared identifier (GIN cases_identifiers_gin).
 * Indexed expressions name the demo pack's fields; field names come from a validated configuration (plain
 * identifiers) and are written as literals so that the planner matches the index expressions.
 */
@Injectable()
export class DuplicateCandidateRepository {
  /** Some text fields of `data` normalized by the same SQL function as the stored side (tutela_normalize). */
  async texts(executor: SqlExecutor, data: Record<string, unknown>, fields: string[]): Promise<Record<string, string>> {
    const [row] = await executor.query<{ texts: Record<string, string> }>(`SELECT tutela_match_texts($1::jsonb, $2::text[]) AS texts`, [JSON.stringify(data), fields]);
    return row.texts;
  }

  async candidates(executor: SqlExecutor, query: CandidateQuery, config: MatchingConfig, visibility: (offset: number) => { sql: string; params: unknown[] }): Promise<CandidateRow[]> {
    const params = new SqlParams();
    const branches = this.branches(query, config, params);
    if (branches.length === 0) return [];
    const scoredFields = [...config.fields.names.fields, ...config.fields.names.nicknameFields, ...(config.fields.caregiver?.fields ?? [])];
    const where = ['c.merged_into IS NULL'];
    if (query.selfId) {
      const self = params.add(query.selfId);
      where.push(`c.id <> ${self}::uuid`);
      where.push(`NOT EXISTS (SELECT 1 FROM duplicate_decisions d WHERE d.resolution = 'not_duplicate'
        AND ((d.case_a = c.id AND d.case_b = ${self}::uuid) OR (d.case_b = c.id AND d.case_a = ${self}::uuid)))`);
    }
    const fields = params.add(scoredFields);
    const visible = visibility(params.next);
    params.append(visible.params);
    const sql = `WITH ids AS (${branches.join(' UNION ')})
      SELECT ${CASE_COLUMNS}, tutela_match_texts(c.data, ${fields}::text[]) AS texts, ${visible.sql} AS visible
        FROM cases c JOIN ids ON ids.id = c.id
       WHERE ${where.join(' AND ')}`;
    return executor.query<CandidateRow>(sql, params.values);
  }

  private branches(query: CandidateQuery, config: MatchingConfig, params: SqlParams): string[] {
    const branch = (condition: string) => `(SELECT c.id FROM cases c WHERE NOT c.disabled AND ${condition} LIMIT ${PATH_LIMIT})`;
    const out: string[] = [];
    const codes = query.tokenCodes.filter((c) => c.length > 0).slice(0, 6);
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) {
        out.push(branch(`c.search_phonetic && ${params.add(codes[i])}::text[] AND c.search_phonetic && ${params.add(codes[j])}::text[]`));
      }
    }
    const birth = config.fields.birth;
    if (codes.length > 0 && birth && query.sex && query.birthYear !== null) {
      const year = `tutela_birth_year(c.data, ${literal(birth.dateField)}, ${literal(birth.ageField)}, ${literal(birth.referenceDateField)})`;
      out.push(
        branch(
          `c.sex = ${params.add(query.sex)} AND ${year} BETWEEN ${params.add(query.birthYear - birth.yearWindow)}::int AND ${params.add(query.birthYear + birth.yearWindow)}::int
           AND c.search_phonetic && ${params.add([...new Set(codes.flat())])}::text[]`,
        ),
      );
    } else if (codes.length === 1) {
      out.push(branch(`c.search_phonetic && ${params.add(codes[0])}::text[]`));
    }
    const caregiverField = config.fields.caregiver?.fields[0];
    if (caregiverField && query.caregiver) out.push(branch(`tutela_normalize(c.data->>${literal(caregiverField)}) = tutela_normalize(${params.add(query.caregiver)}::text)`));
    if (birth && query.dateOfBirth) out.push(branch(`c.data @> ${params.add(JSON.stringify({ [birth.dateField]: query.dateOfBirth }))}::jsonb`));
    if (query.identifiers.length) out.push(branch(`c.search_identifiers && ${params.add(query.identifiers)}::text[]`));
    return out;
  }
}

/** A configuration field name as an SQL string literal; names are validated as plain identifiers at load. */
function literal(field: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(field)) throw new Error('Invalid matching field name');
  return `'${field}'`;
}
