import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published configuration: every kind (country, form, lookup, role, workflow, agencies…) is a JSON document with an
 * id and an immutable integer version; the current one is the highest. Locations get a table of their own because
 * lists and scope query them by ltree subtree.
 */
export class Configuration1795800000002 implements MigrationInterface {
  name = 'Configuration1795800000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE config_documents (
        kind text NOT NULL,
        id text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        body jsonb NOT NULL,
        checksum text NOT NULL,
        -- 'pack' (seeded from form-definitions/ at start) or 'admin' (published through the API): a restart only
        -- re-seeds a document whose pack file changed, never over an administrator's newer version.
        source text NOT NULL CHECK (source IN ('pack', 'admin')),
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by uuid,
        PRIMARY KEY (kind, id, version)
      )`);
    await q.query(`
      CREATE TABLE locations (
        code text PRIMARY KEY,
        level smallint NOT NULL CHECK (level BETWEEN 0 AND 5),
        parent_code text REFERENCES locations(code),
        path ltree NOT NULL,
        names jsonb NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX locations_path_gist ON locations USING gist (path)`);
    await q.query(`CREATE INDEX locations_parent_idx ON locations (parent_code)`);
    // A single row counter bumped by every publish: processes compare it to know their snapshot is stale even if
    // they missed a NOTIFY (e.g. while reconnecting).
    await q.query(`CREATE TABLE config_revision (id boolean PRIMARY KEY DEFAULT true CHECK (id), revision bigint NOT NULL)`);
    await q.query(`INSERT INTO config_revision (revision) VALUES (0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE config_revision`);
    await q.query(`DROP TABLE locations`);
    await q.query(`DROP TABLE config_documents`);
  }
}
