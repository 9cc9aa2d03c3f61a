import { Injectable } from '@nestjs/common';
import { caseSubject } from '@tutela/access';
import { Actor, TutelaError } from '@tutela/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { AccessContextService } from '../cases/access-context.service';
import { CaseRepository } from '../cases/case.repository';
import { CaseService } from '../cases/case.service';
import { CaseRecord } from '../cases/case.types';

export type DuplicateResolution = 'not_duplicate' | 'merge';

export interface ResolutionView {
  caseId: string;
  otherId: string;
  resolution: 'not_duplicate' | 'merged';
  decidedBy: string;
  decidedAt: string;
  /** After a merge: the case that lives on (always `caseId`); the other is disabled and points to it. */
  survivorId?: string;
  copiedEvents?: number;
}

/**
 * Decisions on a pair of potential duplicates. "Not a duplicate" is remembered so the pair is never suggested or
 * alerted again. "Merge" needs the `approve` permission on both cases (a supervisor's decision): the case in the path
 * survives and receives a copy of the other's history, the other is disabled with `merged_into` pointing to it, and
 * both record the step in their history. Data is not merged field by field: the worker completes the survivor.
 */
@Injectable()
export class DuplicateResolutionService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessContextService,
    private readonly cases: CaseService,
    private readonly repository: CaseRepository,
  ) {}

  async resolve(actor: Actor, caseId: string, otherId: string, resolution: DuplicateResolution): Promise<ResolutionView> {
    const ctx = await this.access.forActor(actor, [caseId, otherId]);
    if (caseId === otherId) throw TutelaError.validation([{ path: '/otherId', code: 'same_case', message: 'A case is not a duplicate of itself' }]);
    const action = resolution === 'merge' ? 'approve' : 'update';
    // Both must be visible (404 otherwise); the action is checked on both (403) so a merge needs authority on each.
    const survivor = await this.cases.load(ctx, caseId, action);
    const other = await this.cases.load(ctx, otherId, resolution === 'merge' ? 'approve' : 'read');
    if (survivor.mergedInto || other.mergedInto) throw TutelaError.conflict('One of these cases was already merged');
    if (resolution === 'merge' && !ctx.ability.can('update', caseSubject(survivor))) throw TutelaError.forbidden('You may not update the surviving case');
    return resolution === 'merge' ? this.merge(actor, survivor, other) : this.dismiss(actor, survivor, other);
  }

  private async dismiss(actor: Actor, a: CaseRecord, b: CaseRecord): Promise<ResolutionView> {
    const decidedAt = await this.db.transaction(async (tx) => {
      const at = await this.decide(tx, a.id, b.id, 'not_duplicate', actor);
      for (const [self, other] of [[a, b], [b, a]]) {
        await this.repository.appendEvent(tx, { caseId: self.id, actorId: actor.userId, action: 'duplicate_dismissed', version: null, meta: { otherCaseId: other.id } });
      }
      await this.dismissAlerts(tx, a.id, b.id);
      return at;
    });
    return { caseId: a.id, otherId: b.id, resolution: 'not_duplicate', decidedBy: actor.userId, decidedAt: decidedAt.toISOString() };
  }

  private async merge(actor: Actor, survivor: CaseRecord, merged: CaseRecord): Promise<ResolutionView> {
    const result = await this.db.transaction(async (tx) => {
      // Lock both in id order (two supervisors merging the same pair both ways must not deadlock), then re-check.
      const locked = await tx.query<{ id: string; disabled: boolean; merged_into: string | null }>(
        `SELECT id, disabled, merged_into FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
        [[survivor.id, merged.id]],
      );
      if (locked.length !== 2 || locked.some((r) => r.merged_into)) throw TutelaError.conflict('One of these cases was already merged');
      if (locked.find((r) => r.id === survivor.id)?.disabled) throw TutelaError.conflict('The surviving case is disabled');
      const at = await this.decide(tx, survivor.id, merged.id, 'merged', actor);
      const copied = await tx.query(
        `INSERT INTO case_events (case_id, at, actor_id, action, version, changes, meta)
         SELECT $1, at, actor_id, action, version, changes, meta || jsonb_build_object('mergedFrom', case_id, 'originalEventId', id)
           FROM case_events WHERE case_id = $2 ORDER BY id
         RETURNING id`,
        [survivor.id, merged.id],
      );
      const [kept] = await tx.query<{ version: number }>(
        `UPDATE cases SET version = version + 1, updated_at = now(), change_seq = nextval('case_change_seq') WHERE id = $1 RETURNING version`,
        [survivor.id],
      );
      const [gone] = await tx.query<{ version: number }>(
        `UPDATE cases SET disabled = true, merged_into = $2, version = version + 1, updated_at = now(), change_seq = nextval('case_change_seq')
          WHERE id = $1 RETURNING version`,
        [merged.id, survivor.id],
      );
      const meta = { approvedBy: actor.userId };
      await this.repository.appendEvent(tx, {
        caseId: survivor.id, actorId: actor.userId, action: 'merged_from', version: kept.version,
        meta: { ...meta, mergedCaseId: merged.id, mergedShortId: merged.shortId, copiedEvents: copied.length },
      });
      await this.repository.appendEvent(tx, {
        caseId: merged.id, actorId: actor.userId, action: 'merged_into', version: gone.version,
        meta: { ...meta, survivorId: survivor.id, survivorShortId: survivor.shortId },
      });
      // The approval trail: who decided the merge, on the surviving case.
      await tx.query(
        `INSERT INTO approvals (id, case_id, type, status, requested_by, decided_by, decided_at, decision_comment)
         VALUES ($1, $2, 'merge', 'approved', $3, $3, now(), $4)`,
        [randomUUID(), survivor.id, actor.userId, `merged ${merged.shortId}`],
      );
      await this.dismissAlerts(tx, survivor.id, merged.id);
      return { at, copied: copied.length };
    });
    return {
      caseId: survivor.id,
      otherId: merged.id,
      resolution: 'merged',
      decidedBy: actor.userId,
      decidedAt: result.at.toISOString(),
      survivorId: survivor.id,
      copiedEvents: result.copied,
    };
  }

  /** Records the decision on the pair; a pair already decided is a conflict (decisions are not silently replaced). */
  private async decide(tx: SqlExecutor, x: string, y: string, resolution: 'not_duplicate' | 'merged', actor: Actor): Promise<Date> {
    const [a, b] = x < y ? [x, y] : [y, x];
    const rows = await tx.query<{ decided_at: Date }>(
      `INSERT INTO duplicate_decisions (case_a, case_b, resolution, decided_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_a, case_b) DO NOTHING RETURNING decided_at`,
      [a, b, resolution, actor.userId],
    );
    if (rows.length === 0) throw TutelaError.conflict('This pair was already resolved');
    return new Date(rows[0].decided_at);
  }

  private async dismissAlerts(tx: SqlExecutor, a: string, b: string): Promise<void> {
    await tx.query(
      `UPDATE alerts SET dismissed_at = now()
        WHERE kind = 'duplicate' AND dismissed_at IS NULL
          AND ((case_id = $1 AND message->>'otherCaseId' = $3) OR (case_id = $2 AND message->>'otherCaseId' = $4))`,
      [a, b, b, a],
    );
  }
}
