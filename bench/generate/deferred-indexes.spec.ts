import * as path from 'node:path';
import { Pool } from 'pg';
import { isolatedEnvironment } from '../../test/support/isolated-database';
import { generateCases } from './generate-cases';

const PACK = path.resolve(__dirname, '../../form-definitions/mli');
const INDEXES = `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases' ORDER BY indexname`;

describe('generateCases into an empty table with deferred indexes', () => {
  let pool: Pool;

  beforeAll(async () => {
    // An empty `cases` table of its own: the shared test database already holds cases from other suites.
    pool = new Pool({ connectionString: (await isolatedEnvironment('generator')).DATABASE_URL, max: 3 });
  });
  afterAll(async () => {
    await pool.end();
  });

  it('leaves exactly the indexes the migrations created, and they answer queries', async () => {
    const before = (await pool.query(INDEXES)).rows;
    const result = await generateCases(pool, { count: 300, seed: 'deferred', packDir: PACK, batchSize: 100, deferIndexes: true });
    expect(result.inserted).toBe(300);
    expect((await pool.query(INDEXES)).rows).toEqual(before);

    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM cases WHERE search_phonetic && (SELECT search_phonetic FROM cases LIMIT 1)`);
    expect(Number(rows[0].n)).toBeGreaterThan(0);
    const invalid = await pool.query(`SELECT 1 FROM pg_index WHERE indrelid = 'cases'::regclass AND NOT indisvalid`);
    expect(invalid.rows).toHaveLength(0);
  });
});
