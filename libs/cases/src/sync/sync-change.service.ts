import { Injectable } from '@nestjs/common';
import { Actor, ErrorDetail, TutelaError } from '@tutela/common';
import { SUBFORM_ITEM_ID } from '@tutela/forms';
import { Database } from '@tutela/persistence';
import { isDeepStrictEqual } from 'node:util';
import { ConfigurationService } from '../configuration/configuration.service';
import { AccessContextService } from '../cases/access-context.service';
import { CaseService } from '../cases/case.service';
import { CaseData, CaseView } from '../cases/case.types';
import { toCaseView } from '../cases/case-view';
import { StoredChanges, eventChanges, initialData } from '../cases/event-changes';
import { ServerEvent, SyncConflict, findConflicts, historyIsComplete } from './sync-conflicts';
import { staleForms } from './sync-meta';
import { SyncChangeInput, SyncChangeResult } from './sync.types';

/** A write that lost a compare-and-set race is re-read and compared again, this many times at most. */
const MAX_ATTEMPTS = 3;

/**
 * Applies one offline edit. Creates go through CaseService (idempotent on the client id). Updates of the current
 * version apply directly; updates of an older version are compared three-way against the history since that version:
 * fields only the tablet changed merge (the history event says `{merged: true, baseVersion}`), fields both sides
 * changed to different values come back as a conflict and nothing of that change is applied.
 */
@Injectable()
export class SyncChangeService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly cases: CaseService,
  ) {}

  async apply(actor: Actor, change: SyncChangeInput, index: number): Promise<SyncChangeResult> {
    const stale = staleForms(this.configuration.snapshot(), change.formVersions);
    let result: SyncChangeResult;
    try {
      result = change.baseVersion === undefined ? await this.create(actor, change, index) : await this.update(actor, change, index, change.baseVersion, change.data);
    } catch (error) {
      if (!(error instanceof TutelaError)) throw error;
      result = failure(index, change.id, error);
    }
    return stale.length ? { ...result, staleForms: stale } : result;
  }

  private async create(actor: Actor, change: SyncChangeInput, index: number): Promise<SyncChangeResult> {
    const { view, created } = await this.cases.create(actor, { id: change.id, data: change.data });
    if (created) return applied(index, view, { created: true, merged: false });
    // The create landed before (its response was lost) and the tablet may have kept editing the case since: fold
    // those edits in as an update of version 1, so they merge like any other offline edit instead of being dropped.
    const base = await this.createdData(change.id);
    const patch = replayPatch(base, change.data, this.subformFields());
    if (Object.keys(patch).length === 0) return applied(index, view, { created: false, merged: false });
    return this.update(actor, change, index, 1, patch);
  }

  private async update(actor: Actor, change: SyncChangeInput, index: number, baseVersion: number, patch: CaseData): Promise<SyncChangeResult> {
    const meta: Record<string, unknown> = { sync: true, ...(change.clientUpdatedAt ? { clientUpdatedAt: change.clientUpdatedAt } : {}) };
    // The common case, nobody wrote since the tablet's copy: one compare-and-set, no history to read.
    try {
      const view = await this.cases.update(actor, change.id, patch, { expected: baseVersion, source: 'body' }, { eventMeta: meta });
      return applied(index, view, { created: false, merged: false });
    } catch (error) {
      if (!(error instanceof TutelaError && error.code === 'VERSION_CONFLICT')) throw error;
    }
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const ctx = await this.access.forActor(actor, [change.id]);
      const record = await this.cases.load(ctx, change.id, 'update');
      if (baseVersion > record.version) {
        return invalid(index, change.id, [{ path: `/changes/${index}/baseVersion`, code: 'ahead_of_server', message: `The case is at version ${record.version}` }]);
      }
      let conflicts: SyncConflict[] = [];
      let merged = false;
      if (record.version !== baseVersion) {
        const events = await this.eventsAfter(change.id, baseVersion);
        // A version without its history event cannot be compared field by field: every edited field is a conflict.
        conflicts = historyIsComplete(events, baseVersion, record.version)
          ? findConflicts({ current: record.data, patch, events, subformFields: this.subformFields() })
          : Object.entries(patch).map(([field, client]) => ({ field, server: record.data[field] ?? null, client }));
        merged = true;
      }
      const fields = this.access.fieldsForCase(ctx, record);
      if (conflicts.length) {
        return {
          index,
          id: change.id,
          status: 'conflict',
          serverVersion: record.version,
          conflicts: conflicts.map((c) => ({ ...c, server: readable(fields, c.field, c.server, c.itemId !== undefined) })),
          case: toCaseView(record, fields),
        };
      }
      try {
        const eventMeta = merged ? { ...meta, merged: true, baseVersion } : meta;
        const view = await this.cases.update(actor, change.id, patch, { expected: record.version, source: 'body' }, { eventMeta });
        return applied(index, view, { created: false, merged: merged && view.version !== record.version });
      } catch (error) {
        // Someone wrote between our read and the compare-and-set: compare again against what they wrote.
        if (error instanceof TutelaError && error.code === 'VERSION_CONFLICT' && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
    throw new TutelaError('VERSION_CONFLICT', 'The case kept changing while this edit was merged; retry');
  }

  private async eventsAfter(caseId: string, baseVersion: number): Promise<ServerEvent[]> {
    const events = await this.db.query<{ version: number; changes: StoredChanges }>(
      `SELECT version, changes FROM case_events WHERE case_id = $1 AND version > $2 ORDER BY id`,
      [caseId, baseVersion],
    );
    const subforms = this.subformFields();
    return events.map((event) => ({ ...event, changes: eventChanges(event.changes, subforms) }));
  }

  /** The data of version 1, from the create event (its initial data, or its diff `{field: {from: null, to}}`). */
  private async createdData(caseId: string): Promise<CaseData> {
    const [event] = await this.db.query<{ changes: StoredChanges }>(
      `SELECT changes FROM case_events WHERE case_id = $1 AND action = 'create' ORDER BY id LIMIT 1`,
      [caseId],
    );
    return event ? initialData(event.changes) : {};
  }

  private subformFields(): ReadonlySet<string> {
    return this.configuration.snapshot().forms.subformFieldNames('case');
  }
}

/**
 * What a replayed create changes relative to version 1. Subform items without an id cannot be matched to the items
 * the first create stored (the server gave those their ids), so only items the tablet identified are kept.
 */
function replayPatch(base: CaseData, data: CaseData, subformFields: ReadonlySet<string>): CaseData {
  const patch: CaseData = {};
  for (const [field, value] of Object.entries(data)) {
    if (isDeepStrictEqual(base[field], value)) continue;
    if (subformFields.has(field) && Array.isArray(value)) {
      const identified = value.filter((item) => item && typeof item === 'object' && typeof (item as CaseData)[SUBFORM_ITEM_ID] === 'string');
      if (identified.length) patch[field] = identified;
      continue;
    }
    patch[field] = value;
  }
  return patch;
}

/** The server side of a conflict, limited to what the actor may read (an item is stripped like its subform). */
function readable(fields: ReturnType<AccessContextService['fieldsForCase']>, field: string, value: unknown, isItem: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (!isItem) return fields.stripUnreadable({ [field]: value })[field] ?? null;
  return (fields.stripUnreadable({ [field]: [value] })[field] as unknown[] | undefined)?.[0] ?? null;
}

function applied(index: number, view: CaseView, flags: { created: boolean; merged: boolean }): SyncChangeResult {
  return { index, id: view.id, status: 'applied', version: view.version, ...flags, case: view };
}

function invalid(index: number, id: string, errors: ErrorDetail[]): SyncChangeResult {
  return { index, id, status: 'invalid', errors };
}

/** Errors of the case services, as per-item results with pointers into the batch. */
function failure(index: number, id: string, error: TutelaError): SyncChangeResult {
  const prefix = `/changes/${index}`;
  const errors = error.details.length
    ? error.details.map((d) => ({ ...d, path: `${prefix}${d.path === '/' ? '' : d.path}` }))
    : [{ path: prefix, code: error.code.toLowerCase(), message: error.message }];
  if (error.code === 'NOT_FOUND') return { index, id, status: 'not_found', errors };
  if (error.code === 'FORBIDDEN') return { index, id, status: 'forbidden', errors };
  return invalid(index, id, errors);
}
