import { Injectable } from '@nestjs/common';
import { CaseRecordAction, assertCaseAccess, caseSubject } from '@tutela/access';
import { Actor, TutelaError } from '@tutela/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { ConfigurationService } from '../configuration/configuration.service';
import { OutboxService } from '../queue/outbox.service';
import { WorkflowEffectsService } from '../workflow/workflow-effects.service';
import { AccessContext, AccessContextService } from './access-context.service';
import { CaseAccessLog } from './case-access-log.service';
import { indexColumns } from './case-indexing';
import { DESTROY_KEY, diffCaseData, mergeCaseData } from './case-merge';
import { CaseCreatePlanner, CreateCaseInput, PlannedCreate } from './case-create-planner';
import { CaseRepository } from './case.repository';
import { CaseData, CaseRecord, CaseView } from './case.types';
import { toCaseView } from './case-view';
import { eventChanges } from './event-changes';
import { forbiddenFields, knownFieldPointers } from './field-pointers';

const SHORT_ID_ATTEMPTS = 3;

function isShortIdCollision(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === 'cases_short_id_key';
}

export interface VersionPrecondition {
  /** From `If-Match` (mismatch → 412) or from the body's `version` (mismatch → 409). */
  expected: number;
  source: 'if-match' | 'body';
}

/**
 * Case records: every write validated by the forms engine against the current published forms, checked against the
 * actor's field rules, stored with its history event in one transaction; every read filtered to readable fields
 * and written to the access log.
 */
@Injectable()
export class CaseService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly repository: CaseRepository,
    private readonly effects: WorkflowEffectsService,
    private readonly outbox: OutboxService,
    private readonly accessLog: CaseAccessLog,
    private readonly planner: CaseCreatePlanner,
  ) {}

  /** Creates a case; a retry with the same client id returns the first result (`created: false`). */
  async create(actor: Actor, input: CreateCaseInput): Promise<{ view: CaseView; created: boolean }> {
    const ctx = await this.access.forActor(actor, []);
    if (!ctx.ability.can('create', 'Case')) throw TutelaError.forbidden('Your role may not create cases');
    const id = input.id ?? randomUUID();
    let plan: PlannedCreate;
    try {
      plan = this.planner.plan(ctx, id, input);
    } catch (error) {
      // A tablet retrying a create that was stored (the configuration may have changed since): answer the first
      // result rather than revalidate. Only a client-chosen id can already exist, so only then is it worth a query.
      const existing = input.id ? await this.repository.find(this.db, id) : undefined;
      if (existing) return { view: await this.replayCreate(ctx, existing), created: false };
      throw error;
    }
    let stored: Awaited<ReturnType<CaseService['store']>>;
    for (let attempt = 1; ; attempt++) {
      try {
        stored = await this.store(actor, plan);
        break;
      } catch (error) {
        // Short ids are random (7 characters of 32): among a million cases a new one collides about once in 30,000
        // creates. Draw another rather than fail the request; nothing was written.
        if (!isShortIdCollision(error) || attempt === SHORT_ID_ATTEMPTS) throw error;
        plan = this.planner.plan(ctx, id, input);
      }
    }
    if (!stored) return { view: await this.replayCreate(ctx, await this.mustFind(id)), created: false };
    void this.outbox.dispatch(stored.outboxIds);
    return { view: this.visibleView(ctx, stored.record), created: true };
  }

  /** The row, its history event and its duplicate scan in one atomic statement; in a transaction when the start writes more. */
  private async store(actor: Actor, plan: PlannedCreate) {
    if (plan.storedEffects.length === 0) return this.repository.insertWithHistory(this.db, plan.insert);
    return this.db.transaction(async (tx) => {
      const result = await this.repository.insertWithHistory(tx, plan.insert);
      if (!result) return undefined;
      const applied = await this.effects.apply(tx, plan.target, plan.storedEffects, actor);
      return { ...result, outboxIds: [...applied.outboxIds, ...result.outboxIds] };
    });
  }

  async get(actor: Actor, id: string): Promise<CaseView> {
    const ctx = await this.access.forActor(actor, [id]);
    const record = await this.load(ctx, id, 'read');
    this.accessLog.record(actor, id, 'read');
    return toCaseView(record, this.access.fieldsForCase(ctx, record));
  }

  /** `options.eventMeta` is stored on the history event (sync records `{merged, baseVersion}` there). */
  async update(actor: Actor, id: string, patch: CaseData, precondition: VersionPrecondition | null, options: { eventMeta?: Record<string, unknown> } = {}): Promise<CaseView> {
    if (!precondition) throw new TutelaError('PRECONDITION_REQUIRED', 'Send If-Match (or a version in the body) with the version you edited');
    const ctx = await this.access.forActor(actor, [id]);
    const record = await this.load(ctx, id, 'update');
    const fields = this.access.fieldsForCase(ctx, record);
    const forbidden = knownFieldPointers(this.configuration.snapshot().forms, fields.unwritable(withoutDestroyMarks(patch)));
    if (forbidden.length) throw forbiddenFields(forbidden);
    if (record.disabled) throw TutelaError.conflict('The case is disabled');
    checkVersion(record.version, precondition);

    const snapshot = this.configuration.snapshot();
    const subforms = this.subformFields();
    const merged = mergeCaseData(record.data, patch, subforms);
    const validated = snapshot.forms.validateRecord({ data: merged, submitted: withoutDestroyedItems(patch), stored: record.data, locale: actor.locale });
    if (!validated.valid) throw TutelaError.validation(validated.errors);
    const changes = diffCaseData(record.data, validated.data, subforms);
    if (Object.keys(changes).length === 0) return toCaseView(record, fields);

    const write = {
      id,
      expectedVersion: precondition.expected,
      data: validated.data,
      formVersions: { ...record.formVersions, ...validated.formVersions },
      index: indexColumns(validated.data, { ...snapshot, shortId: record.shortId, fallbackLocationCode: record.locationCode }),
      actorId: actor.userId,
      changes,
      meta: options.eventMeta,
    };
    // Usually one statement (row, history event, duplicate rescan). Deadlines may depend on edited fields
    // (risk_level): then the live timers move in the same transaction (workflow area).
    const stored = this.effects.timersMayMove(record.workflowId, changes, snapshot.workflows)
      ? await this.db.transaction(async (tx) => {
          const result = await this.repository.updateWithHistory(tx, write);
          if (!result) return undefined;
          const timerIds = await this.effects.recomputeTimersAfterEdit(tx, record, validated.data, snapshot.workflows);
          return { ...result, outboxIds: [...timerIds, ...result.outboxIds] };
        })
      : await this.repository.updateWithHistory(this.db, write);
    // Someone wrote between our read and this compare-and-set: never overwrite their change.
    if (!stored) throw versionConflict(precondition);
    void this.outbox.dispatch(stored.outboxIds);
    return this.visibleView(ctx, stored.record);
  }

  async disable(actor: Actor, id: string, precondition: VersionPrecondition | null): Promise<void> {
    const ctx = await this.access.forActor(actor, [id]);
    const record = await this.load(ctx, id, 'disable');
    if (record.disabled) return;
    if (precondition) checkVersion(record.version, precondition);
    await this.db.transaction(async (tx) => {
      const written = await this.repository.setDisabled(tx, id, precondition?.expected ?? record.version);
      if (!written) throw versionConflict(precondition ?? { expected: record.version, source: 'body' });
      await this.repository.appendEvent(tx, { caseId: id, actorId: actor.userId, action: 'disable', version: written.version });
    });
  }

  /** History filtered to the fields the actor may read now (diffs of unreadable fields are dropped). */
  async history(actor: Actor, id: string): Promise<unknown[]> {
    const ctx = await this.access.forActor(actor, [id]);
    const record = await this.load(ctx, id, 'read');
    const fields = this.access.fieldsForCase(ctx, record);
    this.accessLog.record(actor, id, 'read_history');
    const events = await this.repository.events(this.db, id);
    const subforms = this.subformFields();
    return events.map((event) => ({ ...event, id: String(event.id), changes: fields.filterDiff(eventChanges(event.changes, subforms) as never) }));
  }

  private async replayCreate(ctx: AccessContext, existing: CaseRecord): Promise<CaseView> {
    // The same client id from another user is not a retry; do not reveal whose case it is.
    if (existing.createdBy !== ctx.actor.userId) throw TutelaError.conflict('This case id is already in use');
    return this.readAfterWrite(ctx, existing.id);
  }

  /** Loads a case for an action: missing or not visible → 404, visible but not allowed → 403. */
  async load(ctx: AccessContext, id: string, action: CaseRecordAction, executor: SqlExecutor = this.db): Promise<CaseRecord> {
    const record = await this.repository.find(executor, id);
    assertCaseAccess(ctx.ability, action, record ?? null);
    return record as CaseRecord;
  }

  private async readAfterWrite(ctx: AccessContext, id: string): Promise<CaseView> {
    return this.visibleView(ctx, await this.mustFind(id));
  }

  /** The author may lose sight of a case it just wrote (e.g. placed outside its scope): answer without data then. */
  private visibleView(ctx: AccessContext, record: CaseRecord): CaseView {
    const visible = ctx.ability.can('read', caseSubject(record));
    return toCaseView(visible ? record : { ...record, data: {} }, this.access.fieldsForCase(ctx, record));
  }

  private async mustFind(id: string, executor: SqlExecutor = this.db): Promise<CaseRecord> {
    const record = await this.repository.find(executor, id);
    if (!record) throw TutelaError.notFound('Case');
    return record;
  }

  private subformFields(): ReadonlySet<string> {
    return this.configuration.snapshot().forms.subformFieldNames('case');
  }
}

/** `_destroy` marks ask to remove an item: they are not field writes. */
function withoutDestroyMarks(patch: CaseData): CaseData {
  return Object.fromEntries(
    Object.entries(patch).map(([field, value]) => [
      field,
      Array.isArray(value) ? value.map((item) => (item && typeof item === 'object' ? omit(item as CaseData, DESTROY_KEY) : item)) : value,
    ]),
  );
}

/** What validation should see as submitted: removed items are gone, not values to check. */
function withoutDestroyedItems(patch: CaseData): CaseData {
  return Object.fromEntries(
    Object.entries(patch).map(([field, value]) => [
      field,
      Array.isArray(value) ? value.filter((item) => !(item && typeof item === 'object' && (item as CaseData)[DESTROY_KEY] === true)) : value,
    ]),
  );
}

function omit(item: CaseData, key: string): CaseData {
  const { [key]: _removed, ...rest } = item;
  return rest;
}

function checkVersion(current: number, precondition: VersionPrecondition): void {
  if (current !== precondition.expected) throw versionConflict(precondition, current);
}

function versionConflict(precondition: VersionPrecondition, current?: number): TutelaError {
  const details = current === undefined ? [] : [{ path: '/version', code: 'stale', message: `The case is at version ${current}`, current }];
  return precondition.source === 'if-match'
    ? new TutelaError('PRECONDITION_FAILED', 'The case changed since you read it (If-Match does not match)', details)
    : new TutelaError('VERSION_CONFLICT', 'The case changed since you read it', details);
}
