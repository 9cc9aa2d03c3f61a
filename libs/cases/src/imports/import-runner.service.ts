import { Injectable, Logger } from '@nestjs/common';
import { TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { CaseService } from '../cases/case.service';
import { ConfigurationService } from '../configuration/configuration.service';
import { loadJobActor } from '../exports/job-actor';
import { readImportRows } from './import-rows';
import { ImportRepository, ImportRowError } from './import.repository';
import { uuidV5 } from './name-uuid';

/** Namespace of the case ids derived from (file hash, row number): the same file always yields the same ids. */
const IMPORT_NAMESPACE = '4f0c7d9e-7a51-5c1e-9a8f-2b6d3e1c0a77';
/** Rows stored concurrently (each its own transaction), and how often progress is written. */
const PARALLEL = 4;
const PROGRESS_EVERY = 100;
/** The report keeps the first errors; the counts stay exact. */
const MAX_REPORTED_ERRORS = 2000;

/**
 * Runs import jobs: every row goes through CaseService.create as the uploader (forms validation, field rules,
 * workflow start, history), with a case id derived from the file hash and row number. A bad row is reported by row
 * and field and does not stop the others; running the same file again stores nothing twice.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly cases: CaseService,
    private readonly repository: ImportRepository,
  ) {}

  async run(importId: string, finalAttempt: boolean): Promise<{ created: number; existing: number; failed: number } | null> {
    const record = await this.repository.find(this.db, importId);
    if (!record || record.status === 'done' || record.status === 'failed') return null;
    const counts = { done: 0, created: 0, existing: 0, failed: 0 };
    const errors: ImportRowError[] = [];
    try {
      const actor = await loadJobActor(this.db, record.createdBy);
      if (!actor) throw new Error('The account that uploaded the import is disabled');
      const content = await this.repository.content(this.db, importId);
      if (!content) throw new Error('The import file is no longer stored');
      const catalog = this.configuration.snapshot().forms.fieldCatalog('case');
      // A first pass counts the rows (files are bounded by the body limit) so progress can show done / total.
      let total = 0;
      for await (const _row of readImportRows(record.format, content, catalog)) total += 1;
      const save = () => this.repository.progress(this.db, importId, { status: 'running', ...counts, errors, total });
      await save();
      let batch: Array<Promise<void>> = [];
      for await (const item of readImportRows(record.format, content, catalog)) {
        if ('error' in item) {
          counts.failed += 1;
          counts.done += 1;
          report(errors, { row: item.row, path: '', code: 'unreadable', message: item.error });
          continue;
        }
        batch.push(
          this.cases.create(actor, { id: uuidV5(`${record.fileHash}:${item.row}`, IMPORT_NAMESPACE), data: item.data }).then(
            ({ created }) => {
              counts[created ? 'created' : 'existing'] += 1;
              counts.done += 1;
            },
            (error: unknown) => {
              // Anything but a refusal of the row (database down, bug) fails the job: its retry is idempotent.
              if (!(error instanceof TutelaError) || error.status >= 500) throw error;
              counts.failed += 1;
              counts.done += 1;
              const details = error.details.length ? error.details : [{ path: '', code: error.code, message: error.message }];
              for (const d of details) report(errors, { row: item.row, path: d.path, code: d.code, message: d.message });
            },
          ),
        );
        if (batch.length >= PARALLEL) {
          await Promise.all(batch);
          batch = [];
          if (counts.done % PROGRESS_EVERY < PARALLEL) await save();
        }
      }
      await Promise.all(batch);
      errors.sort((a, b) => a.row - b.row);
      await this.repository.progress(this.db, importId, { status: 'done', ...counts, total, errors, finished: true });
      this.logger.log({ msg: 'import done', importId, created: counts.created, existing: counts.existing, failed: counts.failed });
      return { created: counts.created, existing: counts.existing, failed: counts.failed };
    } catch (error) {
      if (finalAttempt) {
        await this.repository.progress(this.db, importId, { status: 'failed', ...counts, errors, error: (error as Error).message.slice(0, 500), finished: true });
      }
      throw error;
    }
  }
}

function report(errors: ImportRowError[], error: ImportRowError): void {
  if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
}
