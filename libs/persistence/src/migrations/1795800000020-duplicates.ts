import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicate detection without a search server (docs/duplicates.md): SQL helpers shared by retrieval and scoring,
 * expression indexes for the retrieval paths the existing indexes do not cover, and the decisions on pairs.
 */
export class Duplicates1795800000020 implements MigrationInterface {
  name = 'Duplicates1795800000020';

  async up(q: QueryRunner): Promise<void> {
    // Birth year from a date of birth, else from an (estimated) age at a reference date (registration). Guarded by
    // patterns so a malformed stored value yields NULL instead of failing an index build or a write.
    await q.query(`
      CREATE OR REPLACE FUNCTION tutela_birth_year(data jsonb, date_field text, age_field text, reference_field text) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT CASE
           WHEN data->>date_field ~ '^[0-9]{4}-' THEN substr(data->>date_field, 1, 4)::integer
           WHEN data->>age_field ~ '^[0-9]{1,3}$' AND data->>reference_field ~ '^[0-9]{4}-'
             THEN substr(data->>reference_field, 1, 4)::integer - (data->>age_field)::integer
         END $$`);
    // Some text fields normalized like cases.search_names (tutela_normalize), by field: the service splits them into
    // tokens and gets their Double Metaphone codes once per distinct token, so scoring agrees with retrieval.
    await q.query(`
      CREATE OR REPLACE FUNCTION tutela_match_texts(data jsonb, fields text[]) RETURNS jsonb
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT coalesce(jsonb_object_agg(f, tutela_normalize(data->>f)), '{}'::jsonb)
           FROM unnest(fields) AS f
          WHERE jsonb_typeof(data->f) = 'string' $$`);
    // Retrieval paths (the phonetic, identifier and data GIN indexes of the cases migration serve the others).
    await q.query(`
      CREATE INDEX cases_match_birth_idx ON cases (sex, tutela_birth_year(data, 'date_of_birth', 'age', 'registration_date'))
       WHERE NOT disabled`);
    await q.query(`CREATE INDEX cases_match_caregiver_idx ON cases (tutela_normalize(data->>'caregiver_name')) WHERE NOT disabled`);
    // One row per decided pair, smaller id first so (a, b) and (b, a) are the same pair.
    await q.query(`
      CREATE TABLE duplicate_decisions (
        case_a uuid NOT NULL REFERENCES cases(id),
        case_b uuid NOT NULL REFERENCES cases(id),
        resolution text NOT NULL CHECK (resolution IN ('not_duplicate', 'merged')),
        decided_by uuid NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        score real,
        PRIMARY KEY (case_a, case_b),
        CHECK (case_a < case_b)
      )`);
    await q.query(`CREATE INDEX duplicate_decisions_b_idx ON duplicate_decisions (case_b)`);
    // One duplicate alert per case and other case, even when the two cases' scans run at the same time.
    await q.query(`CREATE UNIQUE INDEX alerts_duplicate_uq ON alerts (case_id, (message->>'otherCaseId')) WHERE kind = 'duplicate'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX alerts_duplicate_uq`);
    await q.query(`DROP TABLE duplicate_decisions`);
    await q.query(`DROP INDEX cases_match_caregiver_idx`);
    await q.query(`DROP INDEX cases_match_birth_idx`);
    await q.query(`DROP FUNCTION tutela_match_texts(jsonb, text[])`);
    await q.query(`DROP FUNCTION tutela_birth_year(jsonb, text, text, text)`);
  }
}
