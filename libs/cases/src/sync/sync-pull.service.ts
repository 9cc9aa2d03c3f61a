import { Injectable } from '@nestjs/common';
import { caseAccessToSql, defineAbilityFor } from '@tutela/access';
import { Actor, TutelaError } from '@tutela/common';
import { Database, SqlExecutor, TRANSACTION_HORIZON_SQL } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { ConfigurationService } from '../configuration/configuration.service';
import { AccessContext, AccessContextService } from '../cases/access-context.service';
import { CaseAccessLog } from '../cases/case-access-log.service';
import { CASE_COLUMNS } from '../cases/case.repository';
import { CaseRecord, CaseView } from '../cases/case.types';
import { toCaseView } from '../cases/case-view';
import { SqlParams } from '../cases/sql-params';
import { SyncPosition, decodeCursor, encodeCursor, invalidCursor } from './sync-cursor';
import { SyncConfigMeta, accessFingerprint, syncConfigMeta } from './sync-meta';

export const DEFAULT_PULL_LIMIT = 100;
export const MAX_PULL_LIMIT = 500;

export type SyncPullItem = { id: string; removed: true } | { id: string; removed: false; case: CaseView };

export interface SyncPullResult {
  data: SyncPullItem[];
  meta: { next: string; hasMore: boolean; reset: boolean; config: SyncConfigMeta };
}

/**
 * Pull side of tablet sync (docs/sync.md): pages of the cases that changed since the cursor and that the actor may
 * read, plus removals of the cases this tablet holds and may no longer see. Each page is one transaction, at most
 * `limit` rows, so a tablet with thousands of cases syncs in bounded server memory.
 */
@Injectable()
export class SyncPullService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly accessLog: CaseAccessLog,
  ) {}

  async pull(actor: Actor, query: { since?: unknown; limit?: unknown }): Promise<SyncPullResult> {
    const limit = parseLimit(query.limit);
    const since = typeof query.since === 'string' && query.since !== '' ? decodeCursor(query.since) : null;
    if (query.since !== undefined && typeof query.since !== 'string') throw invalidCursor();
    const ctx = await this.syncContext(actor);
    if (!ctx.ability.can('read', 'Case')) throw TutelaError.forbidden('Your role may not sync case records');
    const snapshot = this.configuration.snapshot();
    const access = accessFingerprint(actor, snapshot);

    const result = await this.db.transaction(async (tx) => {
      // First statement, before this transaction takes an xid of its own: every transaction below the horizon has
      // ended, so every change it made is visible now and none can appear later below it.
      const [{ horizon }] = await tx.query<{ horizon: string }>(`SELECT ${TRANSACTION_HORIZON_SQL}::text AS horizon`);
      const stream = since ? await this.lockStream(tx, actor, since.stream) : await this.createStream(tx, actor);
      const reset = since !== null && since.access !== access;
      let position: SyncPosition = since ?? { stream, xid: '0', seq: '0', removed: '0', access };
      if (reset) position = { ...position, xid: '0', seq: '0', access };

      const removals = await this.removals(tx, ctx, position, limit);
      const room = limit - removals.length;
      let rows: CaseRecord[] = [];
      let more = removals.length === limit;
      if (room > 0) {
        const found = await this.changes(tx, ctx, position, horizon, room + 1);
        more = found.length > room;
        rows = found.slice(0, room);
        const last = rows[rows.length - 1] as (CaseRecord & { changeXid: string; changeSeq: string }) | undefined;
        // A full page resumes after its last row; a short one has seen everything below the horizon.
        if (more && last) position = { ...position, xid: last.changeXid, seq: last.changeSeq };
        else if (!more && BigInt(horizon) > BigInt(position.xid)) position = { ...position, xid: horizon, seq: '0' };
      }
      if (removals.length) position = { ...position, removed: removals[removals.length - 1].removedSeq };
      await this.recordDeliveries(tx, stream, rows.map((row) => row.id));
      return { removals, rows, more, reset, position };
    });

    for (const row of result.rows) this.accessLog.record(actor, row.id, 'sync_pull');
    const data: SyncPullItem[] = [
      ...result.removals.map((r) => ({ id: r.caseId, removed: true as const })),
      ...result.rows.map((row) => ({ id: row.id, removed: false as const, case: toCaseView(row, this.access.fieldsForCase(ctx, row)) })),
    ];
    return { data, meta: { next: encodeCursor(result.position), hasMore: result.more, reset: result.reset, config: syncConfigMeta(snapshot) } };
  }

  /**
   * The actor's access for sync: role scope and accepted referrals/transfers, but never break-the-glass grants.
   * Emergency access is for reading a case on the server, audited and short-lived, not for copying it to a tablet.
   */
  private async syncContext(actor: Actor): Promise<AccessContext> {
    const base = await this.access.forActor(actor);
    const grants = base.grants.filter((grant) => grant.kind !== 'break_glass');
    return { ...base, grants, ability: defineAbilityFor(actor, base.role, { grants }) };
  }

  private async createStream(tx: SqlExecutor, actor: Actor): Promise<string> {
    const id = randomUUID();
    await tx.query(`INSERT INTO sync_streams (id, user_id) VALUES ($1, $2)`, [id, actor.userId]);
    return id;
  }

  /** Serialises pulls of one stream; a stream of another user answers like a malformed cursor (nothing leaks). */
  private async lockStream(tx: SqlExecutor, actor: Actor, id: string): Promise<string> {
    const [row] = await tx.query<{ userId: string }>(`SELECT user_id AS "userId" FROM sync_streams WHERE id = $1 FOR UPDATE`, [id]);
    if (!row || row.userId !== actor.userId) throw invalidCursor();
    await tx.query(`UPDATE sync_streams SET last_pull_at = now() WHERE id = $1`, [id]);
    return id;
  }

  /**
   * Removals announced to this stream only, for cases it was sent: acknowledged ones (at or below the cursor) are
   * forgotten, delivered cases that are no longer readable (or were disabled or merged) are marked, then served in
   * order. A lost response is harmless: the same cursor serves the same removals again.
   */
  private async removals(tx: SqlExecutor, ctx: AccessContext, position: SyncPosition, limit: number): Promise<Array<{ caseId: string; removedSeq: string }>> {
    await tx.query(`DELETE FROM sync_deliveries WHERE stream_id = $1 AND removed_seq <= $2`, [position.stream, position.removed]);
    const visible = caseAccessToSql(ctx.ability, 'read', { paramOffset: 2, tableAlias: 'c' });
    await tx.query(
      `UPDATE sync_deliveries d SET removed_seq = nextval('sync_removal_seq')
         FROM cases c
        WHERE d.stream_id = $1 AND d.removed_seq IS NULL AND c.id = d.case_id
          AND (c.disabled OR c.merged_into IS NOT NULL OR NOT ${visible.sql})`,
      [position.stream, ...visible.params],
    );
    return tx.query(
      `SELECT case_id AS "caseId", removed_seq::text AS "removedSeq" FROM sync_deliveries
        WHERE stream_id = $1 AND removed_seq > $2 ORDER BY removed_seq LIMIT ${limit}`,
      [position.stream, position.removed],
    );
  }

  private async changes(tx: SqlExecutor, ctx: AccessContext, position: SyncPosition, horizon: string, take: number): Promise<CaseRecord[]> {
    const params = new SqlParams();
    const after = `(${params.add(position.xid)}::xid8, ${params.add(position.seq)}::bigint)`;
    const below = `${params.add(horizon)}::xid8`;
    const scope = caseAccessToSql(ctx.ability, 'read', { paramOffset: params.next, tableAlias: 'c' });
    params.append(scope.params);
    const changed = `(c.change_xid, c.change_seq) > ${after} AND c.change_xid < ${below}
          AND NOT c.disabled AND c.merged_into IS NULL AND ${scope.sql}`;
    const columns = `${CASE_COLUMNS}, c.change_xid::text AS "changeXid", c.change_seq::text AS "changeSeq"`;
    if (ctx.role.scope === 'own') {
      // A case worker sees a few hundred cases among maybe a million: find them through the scope's own indexes
      // (owner, assigned, shared), then order their keys. Left to itself the planner walks the whole change index
      // in order instead (it cannot tell how few cases the OR of scope conditions holds): a first pull at a million
      // cases read a million index entries, 5 s a page, where this reads the caseload, 50 ms.
      return tx.query<CaseRecord>(
        `WITH visible AS MATERIALIZED (SELECT c.id, c.change_xid, c.change_seq FROM cases c WHERE ${changed}),
              page AS (SELECT id FROM visible ORDER BY change_xid, change_seq LIMIT ${take})
         SELECT ${columns} FROM page JOIN cases c ON c.id = page.id
          ORDER BY c.change_xid, c.change_seq`,
        params.values,
      );
    }
    // Wider scopes (group, agency, location, all) match often: walking the change index in order finds a page fast.
    return tx.query<CaseRecord>(
      `SELECT ${columns} FROM cases c WHERE ${changed} ORDER BY c.change_xid, c.change_seq LIMIT ${take}`,
      params.values,
    );
  }

  /** What this stream holds now; a case sent again after a removal is held again (its pending removal is dropped). */
  private async recordDeliveries(tx: SqlExecutor, stream: string, caseIds: string[]): Promise<void> {
    if (caseIds.length === 0) return;
    await tx.query(
      `INSERT INTO sync_deliveries (stream_id, case_id) SELECT $1, unnest($2::uuid[])
       ON CONFLICT (stream_id, case_id) DO UPDATE SET removed_seq = NULL`,
      [stream, caseIds],
    );
  }
}

function parseLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return DEFAULT_PULL_LIMIT;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : typeof raw === 'number' ? raw : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PULL_LIMIT) {
    throw TutelaError.badRequest(`limit must be an integer from 1 to ${MAX_PULL_LIMIT}`, [
      { path: 'limit', code: 'range', message: `Between 1 and ${MAX_PULL_LIMIT}` },
    ]);
  }
  return value;
}
