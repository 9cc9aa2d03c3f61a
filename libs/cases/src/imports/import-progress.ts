import { ImportRecord, ImportRowError } from './import.repository';

/** The report keeps the first errors; the counts stay exact. */
export const MAX_REPORTED_ERRORS = 2000;

/** What one chunk of rows came to. Every row counts once in `rows` and once in created, existing or failed. */
export interface ChunkOutcome {
  rows: number;
  created: number;
  existing: number;
  failed: number;
  errors: ImportRowError[];
}

/**
 * The counts and error report of an import up to its last committed chunk. Rows are numbered 1, 2, 3… in file
 * order and chunks commit in that order, so `done` is also the number of the last row handled: a rerun of the job
 * resumes after it, with the counts and errors it had, and never counts a row twice.
 */
export class ImportProgress {
  private constructor(
    readonly done: number,
    readonly created: number,
    readonly existing: number,
    readonly failed: number,
    readonly errors: readonly ImportRowError[],
  ) {}

  static resume(record: Pick<ImportRecord, 'rowsDone' | 'rowsCreated' | 'rowsExisting' | 'rowsFailed' | 'errors'>): ImportProgress {
    return new ImportProgress(record.rowsDone, record.rowsCreated, record.rowsExisting, record.rowsFailed, record.errors);
  }

  advance(chunk: ChunkOutcome): ImportProgress {
    const room = Math.max(0, MAX_REPORTED_ERRORS - this.errors.length);
    return new ImportProgress(
      this.done + chunk.rows,
      this.created + chunk.created,
      this.existing + chunk.existing,
      this.failed + chunk.failed,
      room > 0 && chunk.errors.length ? [...this.errors, ...chunk.errors.slice(0, room)] : this.errors,
    );
  }
}
