import { Injectable, Logger } from '@nestjs/common';
import { Actor } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { ConfigurationService } from '../configuration/configuration.service';
import { loadJobActor } from '../exports/job-actor';
import { OutboxService } from '../queue/outbox.service';
import { ImportBatchWriter, StoredChunk } from './import-batch-writer';
import { importCaseId } from './import-case-ids';
import { ID_IN_USE, ImportCasePreparer, PreparedChunk } from './import-case-preparer';
import { ChunkOutcome, ImportProgress } from './import-progress';
import { ImportRow, UnreadableRow, countImportRows, inChunks, readImportRows } from './import-rows';
import { stageImportScans } from './import-scan-release';
import { ImportRecord, ImportRepository } from './import.repository';
/**
 * Rows validated together and stored in one transaction. Large enough that the per-statement cost disappears
 * (a chunk is a few statements, whatever its size), small enough that a chunk of ~2 KB cases is about 1 MB of SQL
 * parameters and a rolled-back chunk costs little to redo.
 */
export const IMPORT_CHUNK_ROWS = 500;
/**
 * Chunks whose transactions overlap. An INSERT also waits (index pages read from the OS cache, the previous chunk's
 * commit), so a third chunk keeps a 2-core database server busier than two: 1,536 and 2,124 cases/s against 1,341
 * and 1,970 with two, in two alternating rounds of 10,000 rows into 1,000,000 cases.
 */
const STORES_IN_FLIGHT = 3;
/** Outbox rows handed to the dispatcher at a time when an import's scans are released (its batch size). */
const DISPATCH_SLICE = 500;

type FileRow = ImportRow | UnreadableRow;

/**
 * Runs import jobs in chunks: each chunk is checked and validated row by row exactly as POST /cases would
 * (ImportCasePreparer), then its good rows, their history events and outbox rows are written in one transaction
 * together with the import's progress (ImportBatchWriter, ImportRepository.checkpoint). Bad rows are reported by row
 * and field and do not stop the others; a failed job keeps every committed chunk and its retry resumes after the last
 * one; running the same file again stores nothing twice (case ids derive from the file hash and row number). The
 * duplicate scans of the stored cases are staged when the import ends, in the same transaction (stageImportScans).
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly preparer: ImportCasePreparer,
    private readonly writer: ImportBatchWriter,
    private readonly repository: ImportRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** `chunkRows` exists for tests that need chunk boundaries inside a small file. */
  async run(importId: string, finalAttempt: boolean, options: { chunkRows?: number } = {}): Promise<{ created: number; existing: number; failed: number } | null> {
    const record = await this.repository.find(this.db, importId);
    if (!record || record.status === 'done' || record.status === 'failed') return null;
    try {
      const actor = await loadJobActor(this.db, record.createdBy);
      if (!actor) throw new Error('The account that uploaded the import is disabled');
      const content = await this.repository.content(this.db, importId);
      if (!content) throw new Error('The import file is no longer stored');
      const catalog = this.configuration.snapshot().forms.fieldCatalog('case');
      await this.repository.start(this.db, importId, await countImportRows(record.format, content));
      const rows = after(readImportRows(record.format, content, catalog), record.rowsDone);
      const progress = await this.storeChunks(record, actor, inChunks(rows, options.chunkRows ?? IMPORT_CHUNK_ROWS));
      await this.finish(record, progress, { status: 'done' });
      this.logger.log({ msg: 'import done', importId, created: progress.created, existing: progress.existing, failed: progress.failed });
      return { created: progress.created, existing: progress.existing, failed: progress.failed };
    } catch (error) {
      if (finalAttempt) {
        // The counts of the chunks that committed, which are stored: whatever was in flight rolled back.
        const committed = ImportProgress.resume((await this.repository.find(this.db, importId)) ?? record);
        await this.finish(record, committed, { status: 'failed', error: (error as Error).message.slice(0, 500) });
      }
      throw error;
    }
  }

  /** Records the end and stages the scans of the cases stored, atomically: a crash leaves both to the job's retry. */
  private async finish(record: ImportRecord, progress: ImportProgress, outcome: { status: 'done' | 'failed'; error?: string }): Promise<void> {
    const scans = await this.db.transaction(async (tx) => {
      await this.repository.finish(tx, record.id, progress, outcome);
      return stageImportScans(tx, record, progress.done);
    });
    // Best effort, like any dispatch after commit (the outbox relay takes whatever this misses).
    for (let i = 0; i < scans.length; i += DISPATCH_SLICE) void this.outbox.dispatch(scans.slice(i, i + DISPATCH_SLICE));
  }

  /**
   * STORES_IN_FLIGHT chunks are stored at once (their INSERTs run on as many connections) while the next one is
   * prepared (validation: CPU in this process). They still commit one after the other, in file order: each waits for
   * the previous chunk's commit before writing its progress, which is what makes `rows_done` a resume point. When a
   * chunk fails, the ones after it roll back too, and the ones before it still commit: every chunk in flight settles
   * before the failure goes up, so that the import's end (`finish`) reads the progress they leave.
   */
  private async storeChunks(record: ImportRecord, actor: Actor, chunks: AsyncGenerator<FileRow[]>): Promise<ImportProgress> {
    const caseIdOf = (row: number) => importCaseId(record.fileHash, row);
    const prepareNext = async () => {
      const next = await chunks.next();
      return next.done ? null : this.preparer.prepare(actor, next.value, caseIdOf);
    };
    let committed = Promise.resolve(ImportProgress.resume(record));
    const inFlight: Array<Promise<ImportProgress>> = [];
    try {
      for (let chunk = await prepareNext(); chunk; chunk = await prepareNext()) {
        committed = this.store(record.id, actor, chunk, committed);
        // Awaited below or by the next chunk; until then a failure must not count as an unhandled rejection.
        committed.catch(() => undefined);
        inFlight.push(committed);
        if (inFlight.length >= STORES_IN_FLIGHT) await inFlight.shift();
      }
      return await committed;
    } finally {
      await Promise.allSettled(inFlight);
    }
  }

  private async store(importId: string, actor: Actor, chunk: PreparedChunk, previous: Promise<ImportProgress>): Promise<ImportProgress> {
    const { next, outboxIds } = await this.db.transaction(async (tx) => {
      const stored = await this.writer.insert(tx, actor, chunk.cases);
      const before = await previous;
      const advanced = before.advance(outcome(chunk, stored));
      if (!(await this.repository.checkpoint(tx, importId, before.done, advanced))) throw new Error('Another run of this import went further; this one stops');
      return { next: advanced, outboxIds: stored.outboxIds };
    });
    // As after a create: enqueue right after commit, best effort (the outbox relay takes whatever this misses).
    void this.outbox.dispatch(outboxIds);
    return next;
  }
}

function outcome(chunk: PreparedChunk, stored: StoredChunk): ChunkOutcome {
  const conflicts = stored.conflicts.map((c) => ({ row: c.row, ...ID_IN_USE }));
  return {
    rows: chunk.rows,
    created: stored.created.length,
    existing: chunk.existing + stored.existing.length,
    failed: chunk.failed + conflicts.length,
    // Stable sort: a row's field errors keep the validator's order.
    errors: [...chunk.errors, ...conflicts].sort((a, b) => a.row - b.row),
  };
}

/** The rows after the resume point (rows are numbered from 1 in file order). */
async function* after(rows: AsyncIterable<FileRow>, done: number): AsyncGenerator<FileRow> {
  for await (const row of rows) if (row.row > done) yield row;
}
