import { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { BenchRow } from '../bench-row';
import { CaseRow } from '../generate/case-insert';
import type { BenchContext } from '../support/bench-context';
import { round } from '../support/stats';
import { RowSupply, timedBatches, withFloorRowsInCases } from './floor-cases';

const BATCH = 5000;
const STREAMS = 2;

/** Columns in COPY order; the search columns come precomputed (see `searchColumns`). */
const COLUMNS = [
  'id', 'short_id', 'status', 'workflow_id', 'workflow_state', 'owner_id', 'agency_id', 'group_ids', 'assigned_user_ids',
  'location_code', 'location_path', 'risk_level', 'sex', 'age', 'protection_concerns', 'data', 'form_versions',
  'search_names', 'search_phonetic', 'search_identifiers', 'version', 'created_by', 'created_at', 'updated_at', 'closed_at',
] as const;

type SearchColumns = Map<string, { names: string; phonetic: string[] }>;

/**
 * The COPY floor of issue 7: `COPY … FROM STDIN` (pg-copy-streams) of the same generated rows into the dataset's own
 * `cases` (rows taken out afterwards: floor-cases.ts), 5,000 rows per COPY on two connections (one per core). COPY cannot call the
 * service's SQL functions per row, so the search columns (`tutela_normalize`, `tutela_phonetic` of the names) are
 * computed once per distinct row before the clock starts: the floor measures loading, not deriving.
 */
export async function copyFloor(ctx: BenchContext, supply: RowSupply): Promise<BenchRow> {
  const pool = new Pool({ connectionString: ctx.databaseUrl, max: STREAMS, application_name: 'tutela-bench-floor' });
  const sql = `COPY cases (${COLUMNS.join(', ')}) FROM STDIN`;
  // Full: 40,000 rows (4 COPYs per connection), no more: every floor row leaves a dead tuple in the dataset's table.
  const total = ctx.quick ? 10_000 : 40_000;
  let errors = 0;
  let firstError: string | undefined;
  try {
    const search = await searchColumns(pool, supply.distinct());
    const send = async (rows: number): Promise<number> => {
      const client = await pool.connect();
      try {
        await copyRows(client, sql, supply.batch(rows), search);
        return rows;
      } catch (error) {
        errors += rows;
        firstError ??= (error as Error).message;
        return 0;
      } finally {
        client.release();
      }
    };
    const figure = round(await withFloorRowsInCases(ctx.databaseUrl, () => timedBatches(total, BATCH, STREAMS, send)), 1);
    return ctx.row({
      scenario: 'floor: COPY',
      figure,
      unit: 'rows/s',
      floor: { figure, label: '(floor)' },
      errors,
      note: `${total.toLocaleString('en')} rows, ${BATCH.toLocaleString('en')} per COPY FROM STDIN (text format), ${STREAMS} connections${firstError ? `; first error: ${firstError}` : ''}`,
    });
  } finally {
    await pool.end();
  }
}

async function copyRows(client: PoolClient, sql: string, rows: CaseRow[], search: SearchColumns): Promise<void> {
  await pipeline(Readable.from(linesOf(rows, search)), client.query(copyFrom(sql)));
}

function* linesOf(rows: CaseRow[], search: SearchColumns): Generator<string> {
  for (const row of rows) {
    const derived = search.get(row.names);
    if (!derived) throw new Error('search columns missing for a generated row');
    const values: unknown[] = [
      row.id, row.short_id, row.status, row.workflow_id, row.workflow_state, row.owner_id, row.agency_id, pgArray(row.group_ids),
      pgArray(row.assigned_user_ids), row.location_code, row.location_path, row.risk_level, row.sex, row.age,
      pgArray(row.protection_concerns), JSON.stringify(row.data), JSON.stringify(row.form_versions), derived.names,
      pgArray(derived.phonetic), pgArray(row.search_identifiers), row.version, row.created_by, row.created_at, row.updated_at,
      row.closed_at,
    ];
    yield `${values.map(copyText).join('\t')}\n`;
  }
}

/** The search columns exactly as the service derives them, once per distinct names string. */
async function searchColumns(pool: Pool, rows: readonly CaseRow[]): Promise<SearchColumns> {
  const names = [...new Set(rows.map((r) => r.names))];
  const { rows: derived } = await pool.query<{ source: string; names: string; phonetic: string[] }>(
    `SELECT n AS source, tutela_normalize(n) AS names, tutela_phonetic(n) AS phonetic FROM unnest($1::text[]) AS n`,
    [names],
  );
  return new Map(derived.map((d) => [d.source, { names: d.names, phonetic: d.phonetic }]));
}

/** COPY text format: `\N` for NULL; backslash, tab, newline and carriage return escaped. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string);
}

/** A PostgreSQL array literal with every element quoted (names and codes may hold commas or spaces). */
function pgArray(values: readonly string[] | null | undefined): string | null {
  if (!values) return null;
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
