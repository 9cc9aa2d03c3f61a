/**
 * A SQL expression (xid8): the oldest transaction still running that may write to this database, or the snapshot's
 * xmax when none may. Every transaction below it has ended, so whatever it wrote is visible to a snapshot taken from
 * now on and nothing can appear below it later. Used by the readers that follow `change_xid` (sync pulls, the
 * statistics refresh), as the first statement of their transaction, before it has an xid of its own.
 *
 * `pg_snapshot_xmin(pg_current_snapshot())` would do, but the snapshot lists the running transactions of the whole
 * server: a long writing transaction in another database (another country's or a staging database on the same
 * server, a restore, a benchmark) would hold every reader back until it ended. A transaction that pg_stat_activity
 * shows running in another database cannot write here (a backend serves one database), so it is left out. Any other
 * (this database, a prepared transaction, a backend this role may not inspect, one that ended between the two reads)
 * counts: unknown means "may be ours".
 */
export const TRANSACTION_HORIZON_SQL = `(
  SELECT coalesce(
           (SELECT min(x) FROM pg_snapshot_xip(snap.s) AS x
             WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.backend_xid = x::xid AND a.datname <> current_database())),
           pg_snapshot_xmax(snap.s))
    FROM (SELECT pg_current_snapshot() AS s) AS snap)`;
