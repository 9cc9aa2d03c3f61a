import { MigrationInterface, QueryRunner } from 'typeorm';

const BIRTH_YEAR = `tutela_birth_year(data, 'date_of_birth', 'age', 'registration_date')`;

/**
 * Duplicate retrieval at a million cases (docs/duplicates.md, "Retrieval"). The paths of 1795800000020 ANDed a
 * common name code (tens of thousands of index entries) with a sex and birth-year range (a hundred thousand more):
 * each check read large posting lists and stopped at a row cap. Here every path is one narrow index lookup:
 *  - `tutela_match_keys`: per Double Metaphone code of the names, composite keys that already hold what a duplicate
 *    shares (sex, birth year, place, birthday), so a lookup reads only the few rows that agree on all of it;
 *  - the caregiver index gains sex and birth year for the same reason.
 * The two indexes they replace serve no other query. `tutela_match_texts` goes too: normalizing candidates in the
 * query detoasted each record's data once per field; the service now normalizes each distinct name text once.
 */
export class DuplicatesScale1795800000060 implements MigrationInterface {
  name = 'DuplicatesScale1795800000060';

  async up(q: QueryRunner): Promise<void> {
    // COST: about a tenth of a millisecond a row (some 4,000 operators). At the default cost the planner, seeing a
    // LIMIT and no statistics on the new expression yet, would rather evaluate it on every row of a sequential scan
    // than read the index. PARALLEL RESTRICTED: at that cost it would otherwise start parallel workers (tens of
    // milliseconds) for bitmap scans that read a few dozen rows.
    // Keys per code C (unknown sex or year written `?`, so sparse records stay reachable by name):
    //   C|sex|year              names + sex + birth year (a window of years is a handful of keys)
    //   C|sex|YYYY-MM-DD        one name + sex + precise birthday (a year shifted by a stated age: a few keys)
    //   C|sex|year|place        one name + sex + birth year + location (ltree path), only for records without a
    //                           precise date: those with one are reached by their birthday, and keying them by place
    //                           too would put every namesake of a crowded commune on the path
    await q.query(`
      CREATE OR REPLACE FUNCTION tutela_match_keys(codes text[], sex text, birth_year integer, birth_date text, place ltree) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL RESTRICTED COST 10000 AS
      $$ SELECT coalesce(array_agg(k), '{}') FROM (
           SELECT c || '|' || coalesce(sex, '?') || '|' || coalesce(birth_year::text, '?') AS k FROM unnest(codes) AS c
           UNION ALL
           SELECT c || '|' || sex || '|' || birth_date FROM unnest(codes) AS c
            WHERE sex IS NOT NULL AND birth_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
           UNION ALL
           SELECT c || '|' || sex || '|' || birth_year::text || '|' || place::text FROM unnest(codes) AS c
            WHERE sex IS NOT NULL AND birth_year IS NOT NULL AND place IS NOT NULL
              AND (birth_date IS NULL OR birth_date !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
         ) AS keys $$`);
    await q.query(`
      CREATE INDEX cases_match_keys_gin ON cases
       USING gin (tutela_match_keys(search_phonetic, sex, ${BIRTH_YEAR}, data->>'date_of_birth', location_path))
       WHERE NOT disabled`);
    await q.query(`
      CREATE INDEX cases_match_caregiver_birth_idx ON cases (tutela_normalize(data->>'caregiver_name'), sex, ${BIRTH_YEAR})
       WHERE NOT disabled`);
    await q.query(`DROP INDEX cases_match_caregiver_idx`);
    await q.query(`DROP INDEX cases_match_birth_idx`);
    await q.query(`DROP FUNCTION tutela_match_texts(jsonb, text[])`);
    // Statistics on the new index expression, so the planner knows how rare a key is from the first check on.
    await q.query(`ANALYZE cases`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION tutela_match_texts(data jsonb, fields text[]) RETURNS jsonb
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT coalesce(jsonb_object_agg(f, tutela_normalize(data->>f)), '{}'::jsonb)
           FROM unnest(fields) AS f
          WHERE jsonb_typeof(data->f) = 'string' $$`);
    await q.query(`CREATE INDEX cases_match_birth_idx ON cases (sex, ${BIRTH_YEAR}) WHERE NOT disabled`);
    await q.query(`CREATE INDEX cases_match_caregiver_idx ON cases (tutela_normalize(data->>'caregiver_name')) WHERE NOT disabled`);
    await q.query(`DROP INDEX cases_match_caregiver_birth_idx`);
    await q.query(`DROP INDEX cases_match_keys_gin`);
    await q.query(`DROP FUNCTION tutela_match_keys(text[], text, integer, text, ltree)`);
  }
}
