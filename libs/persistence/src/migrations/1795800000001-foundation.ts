import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extensions and the transactional outbox. Services write outbox rows in the same transaction as the change that
 * needs a job; the relay enqueues them and marks them, so a crash between commit and enqueue loses nothing.
 */
export class Foundation1795800000001 implements MigrationInterface {
  name = 'Foundation1795800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS ltree`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    // unaccent() is only STABLE (it reads a dictionary), so it cannot back an index; pinning the dictionary makes
    // this wrapper safe to declare IMMUTABLE.
    await q.query(`
      CREATE OR REPLACE FUNCTION tutela_normalize(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
      $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, input)) $$`);
    // Double Metaphone codes (primary and alternate) of every name token, diacritics stripped first.
    await q.query(`
      CREATE OR REPLACE FUNCTION tutela_phonetic(input text) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT coalesce(array_agg(DISTINCT code) FILTER (WHERE code <> ''), '{}')
           FROM regexp_split_to_table(tutela_normalize(coalesce(input, '')), '[^a-z]+') AS token,
                LATERAL unnest(ARRAY[dmetaphone(token), dmetaphone_alt(token)]) AS code
          WHERE token <> '' $$`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        job_name text NOT NULL,
        job_id text NOT NULL,
        payload jsonb NOT NULL,
        delay_ms integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        enqueued_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE enqueued_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP FUNCTION tutela_phonetic(text)`);
    await q.query(`DROP FUNCTION tutela_normalize(text)`);
  }
}
