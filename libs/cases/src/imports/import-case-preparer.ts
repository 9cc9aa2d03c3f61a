import { Injectable } from '@nestjs/common';
import { Actor, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { WorkflowEffect } from '@tutela/workflow';
import { AccessContextService } from '../cases/access-context.service';
import { CaseCreatePlanner } from '../cases/case-create-planner';
import { NewCaseRow } from '../cases/case.repository';
import { caseCreators, freeShortIds } from './import-case-lookups';
import { ImportRow, UnreadableRow } from './import-rows';
import { ImportRowError } from './import.repository';

/** The report entry of a row whose case id someone else's import of the same file already holds. */
export const ID_IN_USE = { path: '', code: 'CONFLICT', message: 'This case id is already in use' } as const;

/** One valid row, ready for the batched INSERT: the row CaseService.create would insert. */
export interface PreparedCase {
  row: number;
  record: NewCaseRow;
  /** What entering the initial state starts (timers), written only if the row is inserted. */
  startEffects: readonly WorkflowEffect[];
}

/** A chunk after the checks: the cases to insert, and what the other rows came to. */
export interface PreparedChunk {
  rows: number;
  cases: PreparedCase[];
  /** Rows this uploader already stored (a re-run of the same file). */
  existing: number;
  failed: number;
  errors: ImportRowError[];
}

/**
 * The per-row half of a create, for a chunk of import rows: each row planned by the same CaseCreatePlanner as
 * POST /cases (permission, field rules, forms validation, workflow start, server-computed columns), with one query
 * for the ids already stored and one for free short ids instead of one per row.
 */
@Injectable()
export class ImportCasePreparer {
  constructor(
    private readonly db: Database,
    private readonly access: AccessContextService,
    private readonly planner: CaseCreatePlanner,
  ) {}

  async prepare(actor: Actor, rows: Array<ImportRow | UnreadableRow>, caseIdOf: (row: number) => string): Promise<PreparedChunk> {
    // Re-evaluated per chunk, like per create: a role that loses the permission stops the import at the next chunk.
    const ctx = await this.access.forActor(actor, []);
    if (!ctx.ability.can('import', 'Case') || !ctx.ability.can('create', 'Case')) throw new Error('The role of the uploader may no longer import cases');

    const chunk: PreparedChunk = { rows: rows.length, cases: [], existing: 0, failed: 0, errors: [] };
    const refuse = (row: number, details: ReadonlyArray<Omit<ImportRowError, 'row'>>) => {
      chunk.failed += 1;
      chunk.errors.push(...details.map((d) => ({ row, path: d.path, code: d.code, message: d.message })));
    };
    const readable: ImportRow[] = [];
    for (const r of rows) {
      if ('error' in r) refuse(r.row, [{ path: '', code: 'unreadable', message: r.error }]);
      else readable.push(r);
    }
    // Both lookups at once, on two pooled connections. Short ids are drawn for every readable row: a few unused ones
    // cost less than a second query.
    const [creators, shortIds] = await Promise.all([caseCreators(this.db, readable.map((r) => caseIdOf(r.row))), freeShortIds(this.db, readable.length)]);
    readable.forEach(({ row, data }, i) => {
      const id = caseIdOf(row);
      const creator = creators.get(id);
      // Like a create retried with its client id: the uploader's own row is answered as stored, without revalidating;
      // the same file imported by someone else does not reveal (or hand over) the first uploader's case.
      if (creator === actor.userId) chunk.existing += 1;
      else if (creator) refuse(row, [ID_IN_USE]);
      else {
        try {
          const plan = this.planner.plan(ctx, id, { data }, shortIds[i]);
          chunk.cases.push({ row, record: plan.insert.case, startEffects: plan.storedEffects });
        } catch (error) {
          if (!(error instanceof TutelaError)) throw error;
          refuse(row, error.details.length ? error.details : [{ path: '', code: error.code, message: error.message }]);
        }
      }
    });
    return chunk;
  }
}
