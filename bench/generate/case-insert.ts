/** One `cases` row as the generator sends it; search columns are derived in SQL from `names`. */
export interface CaseRow {
  id: string;
  short_id: string;
  status: 'open' | 'closed';
  workflow_id: string;
  workflow_state: string;
  owner_id: string;
  agency_id: string;
  group_ids: string[];
  assigned_user_ids: string[];
  location_code: string;
  location_path: string;
  risk_level: string;
  sex: string;
  age: number | null;
  protection_concerns: string[];
  data: Record<string, unknown>;
  form_versions: Record<string, number>;
  /** The child's names (first, last, nickname): source of `search_names` and `search_phonetic`. */
  names: string;
  search_identifiers: string[];
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

/** Anything with a pg-style `query`: a TypeORM DataSource, the persistence `Database`, a pg Pool or Client. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];

const COLUMNS: ReadonlyArray<[column: string, type: string, expression?: string]> = [
  ['id', 'uuid'],
  ['short_id', 'text'],
  ['status', 'text'],
  ['workflow_id', 'text'],
  ['workflow_state', 'text'],
  ['owner_id', 'uuid'],
  ['agency_id', 'text'],
  ['group_ids', 'text[]'],
  ['assigned_user_ids', 'uuid[]'],
  ['location_code', 'text'],
  ['location_path', 'ltree'],
  ['risk_level', 'text'],
  ['sex', 'text'],
  ['age', 'smallint'],
  ['protection_concerns', 'text[]'],
  ['data', 'jsonb'],
  ['form_versions', 'jsonb'],
  // The same SQL functions the indexes and the service use, so generated rows match what the service would write.
  ['search_names', 'text', 'tutela_normalize(r.names)'],
  ['search_phonetic', 'text[]', 'tutela_phonetic(r.names)'],
  ['search_identifiers', 'text[]'],
  ['version', 'integer'],
  ['created_by', 'uuid'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
];

const RECORD_TYPE = COLUMNS.filter(([, , expression]) => !expression)
  .map(([column, type]) => `${column} ${type}`)
  .concat('names text')
  .join(', ');

/**
 * `INSERT … SELECT FROM jsonb_to_recordset($1)`: the whole batch is one parameter, `data` arrives as nested JSON
 * instead of an escaped string per row, and the search columns are derived by the service's own SQL functions
 * (COPY could not call them per row).
 */
export function caseInsertSql(table: string): string {
  if (!/^[a-z_][a-z0-9_.]*$/.test(table)) throw new Error(`Invalid table name: ${table}`);
  const columns = COLUMNS.map(([column]) => column).join(', ');
  const values = COLUMNS.map(([column, , expression]) => expression ?? `r.${column}`).join(', ');
  return `INSERT INTO ${table} (${columns}) SELECT ${values} FROM jsonb_to_recordset($1::jsonb) AS r(${RECORD_TYPE})`;
}
