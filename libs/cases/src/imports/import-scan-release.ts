import { SqlExecutor } from '@tutela/persistence';
import { JobKey } from '../queue/queue-contract';
import { importCaseId } from './import-case-ids';
import { ImportRecord } from './import.repository';

const [SCAN_QUEUE, SCAN_JOB] = ('cases:scan-duplicates-bulk' satisfies JobKey).split(':');
/** Case ids looked up per statement: a few hundred kilobytes of parameters. */
const IDS_PER_STATEMENT = 5000;

/**
 * The duplicate scans of an import's cases, staged when the import ends (done, or failed for good) in the
 * transaction that records the end: while the import runs, scans would share the worker and the cores with it, and
 * each scan then also sees every case of the file stored after it. Nothing is kept meanwhile: the cases of rows
 * 1..`rowsDone` are known from the file hash (their ids) and, of those, this import stored the ones its uploader
 * created since it was requested (a re-run of the same file finds its rows already stored and scanned). A worker that
 * dies mid-import leaves the import running; the job's retry resumes it and stages the scans of every row when it
 * ends, those of the chunks committed before the crash included.
 *
 * The job ids are those a create gives (`scan-duplicates-<case>-1`), under the bulk job name: the queue runs them
 * after interactive jobs (queue contract). Returns the outbox ids, in file order, to dispatch after commit.
 */
export async function stageImportScans(tx: SqlExecutor, record: ImportRecord, rowsDone: number): Promise<string[]> {
  const outboxIds: string[] = [];
  for (let first = 1; first <= rowsDone; first += IDS_PER_STATEMENT) {
    const last = Math.min(rowsDone, first + IDS_PER_STATEMENT - 1);
    const ids = Array.from({ length: last - first + 1 }, (_, i) => importCaseId(record.fileHash, first + i));
    const rows = await tx.query<{ id: string }>(STAGE_SCANS, [ids, record.createdBy, record.createdAt]);
    outboxIds.push(...rows.map((r) => String(r.id)));
  }
  return outboxIds;
}

const STAGE_SCANS = `
  INSERT INTO outbox (queue, job_name, job_id, payload)
  SELECT '${SCAN_QUEUE}', '${SCAN_JOB}', 'scan-duplicates-' || c.id || '-1', jsonb_build_object('caseId', c.id)
    FROM unnest($1::uuid[]) WITH ORDINALITY AS f(id, row) JOIN cases c ON c.id = f.id
   WHERE c.created_by = $2 AND c.created_at >= $3
   ORDER BY f.row
  RETURNING id`;
