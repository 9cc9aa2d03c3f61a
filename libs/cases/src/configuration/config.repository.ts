import { Injectable } from '@nestjs/common';
import { LocationNode } from '@tutela/forms';
import { Database, SqlExecutor } from '@tutela/persistence';
import { checksumOf } from './canonical-json';
import { ConfigDocumentRow } from './config-snapshot';

export const CONFIG_CHANNEL = 'tutela_config';

/** Storage of published configuration: immutable versions, locations, and the revision every process watches. */
@Injectable()
export class ConfigRepository {
  constructor(private readonly db: Database) {}

  async revision(executor: SqlExecutor = this.db): Promise<number> {
    const [row] = await executor.query<{ revision: string }>(`SELECT revision FROM config_revision`);
    return Number(row.revision);
  }

  /** Every version of forms, only the latest of the other kinds. */
  async documentsForSnapshot(executor: SqlExecutor = this.db): Promise<ConfigDocumentRow[]> {
    return executor.query<ConfigDocumentRow>(`
      SELECT kind, id, version, body FROM config_documents d
       WHERE kind = 'form'
          OR version = (SELECT max(version) FROM config_documents x WHERE x.kind = d.kind AND x.id = d.id)`);
  }

  /** The latest version of every document with its checksum (exports, and imports deciding what changed). */
  async latestDocuments(executor: SqlExecutor = this.db): Promise<Array<ConfigDocumentRow & { checksum: string }>> {
    return executor.query<ConfigDocumentRow & { checksum: string }>(`
      SELECT DISTINCT ON (kind, id) kind, id, version, body, checksum FROM config_documents ORDER BY kind, id, version DESC`);
  }

  async locations(executor: SqlExecutor = this.db): Promise<LocationNode[]> {
    const rows = await executor.query<{ code: string; level: number; parent_code: string | null; path: string; names: LocationNode['name']; disabled: boolean }>(
      `SELECT code, level, parent_code, path::text AS path, names, disabled FROM locations ORDER BY path`,
    );
    return rows.map((r) => ({ code: r.code, level: r.level, parentCode: r.parent_code, path: r.path, name: r.names, disabled: r.disabled }));
  }

  async latest(executor: SqlExecutor, kind: string, id: string, source?: 'pack' | 'admin'): Promise<{ version: number; checksum: string; body: unknown } | undefined> {
    const [row] = await executor.query<{ version: number; checksum: string; body: unknown }>(
      `SELECT version, checksum, body FROM config_documents WHERE kind = $1 AND id = $2 ${source ? 'AND source = $3' : ''}
        ORDER BY version DESC LIMIT 1`,
      source ? [kind, id, source] : [kind, id],
    );
    return row;
  }

  /** Inserts the next version of a document; returns it. */
  async publish(executor: SqlExecutor, doc: { kind: string; id: string; body: unknown; source: 'pack' | 'admin'; publishedBy?: string | null }): Promise<number> {
    const [row] = await executor.query<{ version: number }>(
      `INSERT INTO config_documents (kind, id, version, body, checksum, source, published_by)
       SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6 FROM config_documents WHERE kind = $1 AND id = $2
       RETURNING version`,
      [doc.kind, doc.id, JSON.stringify(doc.body), checksumOf(doc.body), doc.source, doc.publishedBy ?? null],
    );
    return row.version;
  }

  async upsertLocations(executor: SqlExecutor, nodes: LocationNode[]): Promise<void> {
    // Parents first (ordered by level) so the parent foreign key holds at every row.
    const sorted = [...nodes].sort((a, b) => a.level - b.level);
    for (let i = 0; i < sorted.length; i += 500) {
      const batch = sorted.slice(i, i + 500);
      await executor.query(
        `INSERT INTO locations (code, level, parent_code, path, names, disabled)
         SELECT * FROM unnest($1::text[], $2::smallint[], $3::text[], $4::ltree[], $5::jsonb[], $6::boolean[])
         ON CONFLICT (code) DO UPDATE SET names = EXCLUDED.names, disabled = EXCLUDED.disabled, updated_at = now()
           WHERE (locations.names, locations.disabled) IS DISTINCT FROM (EXCLUDED.names, EXCLUDED.disabled)`,
        [
          batch.map((n) => n.code),
          batch.map((n) => n.level),
          batch.map((n) => n.parentCode),
          batch.map((n) => n.path),
          batch.map((n) => JSON.stringify(n.name)),
          batch.map((n) => Boolean(n.disabled)),
        ],
      );
    }
  }

  /** Bumps the revision and tells every listening process, inside the publishing transaction (sent on commit). */
  async bumpRevision(executor: SqlExecutor): Promise<number> {
    const [row] = await executor.query<{ revision: string }>(`UPDATE config_revision SET revision = revision + 1 RETURNING revision`);
    await executor.query(`SELECT pg_notify($1, $2)`, [CONFIG_CHANNEL, row.revision]);
    return Number(row.revision);
  }
}
