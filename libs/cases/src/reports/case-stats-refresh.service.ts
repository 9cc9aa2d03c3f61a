import { Injectable } from '@nestjs/common';
import { Database, TRANSACTION_HORIZON_SQL } from '@tutela/persistence';
import { COLLECT_CHANGED_CASES, DROP_EMPTY_CELLS, REPLACE_MEMBERS, REPLACE_WORK_CELLS, applyDeltaStatements } from './refresh-statements';
import { maintainedGroupings } from './stat-groupings';
import { StatsSettings } from './stats-settings';

export interface StatsRefreshOutcome {
  /** `false` when the cells were fresh enough or another process was refreshing them (nothing done). */
  refreshed: boolean;
  asOf?: Date;
  /** Cases whose contribution was recomputed. */
  changed?: number;
  durationMs?: number;
}

/**
 * Any constant shared by every worker: only one refresh runs at a time across the deployment. Exported for the
 * benchmark's insert floors, which hold it while their throw-away rows are in `cases` so no refresh counts them.
 */
export const REFRESH_LOCK_KEY = 0x7475_7365;

/**
 * Brings the precomputed statistics up to date incrementally. Every case write stamps its transaction id in
 * `change_xid` (sync trigger). A refresh recounts the cases stamped from its previous horizon on — the oldest
 * transaction still running at the previous refresh that may write here (TRANSACTION_HORIZON_SQL) — as its own
 * snapshot sees them, replacing their last counted contribution by the current one. A transaction that commits late,
 * whatever its `updated_at`, had an id at or above that horizon, so it is counted by the first refresh that sees it;
 * a case seen twice is simply recounted to the same values. The first refresh (or a change of the kept groupings) starts from 0: every case.
 * One REPEATABLE READ transaction: readers keep the previous counts until the commit. Cases are only read: nothing
 * here is on the case write path.
 */
@Injectable()
export class CaseStatsRefreshService {
  private readonly groupings: string[];
  private readonly applyDelta: string[];

  constructor(
    private readonly db: Database,
    settings: StatsSettings,
  ) {
    this.groupings = maintainedGroupings(settings.dashboards);
    this.applyDelta = applyDeltaStatements(this.groupings);
  }

  async refresh(): Promise<StatsRefreshOutcome> {
    const started = Date.now();
    const signature = this.groupings.join(';');
    return this.db.transaction(async (tx) => {
      await tx.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
      // First statement: it takes the snapshot, before this transaction has an xid of its own.
      const [now] = await tx.query<{ locked: boolean; horizon: string; as_of: Date }>(
        `SELECT pg_try_advisory_xact_lock($1) AS locked, ${TRANSACTION_HORIZON_SQL}::text AS horizon, now() AS as_of`,
        [REFRESH_LOCK_KEY],
      );
      if (!now.locked) return { refreshed: false };
      const [previous] = await tx.query<{ horizon: string; groupings: string }>(`SELECT horizon::text AS horizon, groupings FROM case_stat_refresh`);
      const from = previous?.groupings === signature ? previous.horizon : '0';
      if (from === '0') {
        // DELETE, not TRUNCATE: readers must not wait for the rebuild on a lock.
        await tx.query(`DELETE FROM case_stat_cells`);
        await tx.query(`DELETE FROM case_stat_members`);
      }
      await tx.query(COLLECT_CHANGED_CASES, [from]);
      const [{ n: changed }] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM stat_changed`);
      if (changed > 0) {
        for (const sql of this.applyDelta) await tx.query(sql);
        await tx.query(DROP_EMPTY_CELLS);
        for (const sql of REPLACE_MEMBERS) await tx.query(sql);
      }
      for (const sql of REPLACE_WORK_CELLS) await tx.query(sql);
      // After a rebuild the planner's statistics describe the old cells (or none): readers would sort hundreds of
      // thousands of cells they expect to be one. ANALYZE samples the new ones (a fraction of a second).
      if (from === '0') await tx.query(`ANALYZE case_stat_cells`);
      const durationMs = Date.now() - started;
      await tx.query(
        `INSERT INTO case_stat_refresh (singleton, horizon, as_of, groupings, changed, duration_ms) VALUES (true, $1::xid8, $2, $3, $4, $5)
         ON CONFLICT (singleton) DO UPDATE SET horizon = EXCLUDED.horizon, as_of = EXCLUDED.as_of, groupings = EXCLUDED.groupings,
           changed = EXCLUDED.changed, duration_ms = EXCLUDED.duration_ms`,
        [now.horizon, now.as_of, signature, changed, durationMs],
      );
      return { refreshed: true, asOf: now.as_of, changed, durationMs };
    });
  }

  /** Refreshes unless the cells are younger than `maxAgeMs` (another worker refreshed them). */
  async refreshIfDue(maxAgeMs: number): Promise<StatsRefreshOutcome> {
    const asOf = await this.asOf();
    if (asOf && Date.now() - asOf.getTime() < maxAgeMs) return { refreshed: false };
    return this.refresh();
  }

  /**
   * When the cells were brought up to date (null: never, or for other groupings, so statistics are counted live).
   */
  async asOf(): Promise<Date | null> {
    const [row] = await this.db.query<{ as_of: Date }>(`SELECT as_of FROM case_stat_refresh WHERE groupings = $1`, [this.groupings.join(';')]);
    return row?.as_of ?? null;
  }
}
