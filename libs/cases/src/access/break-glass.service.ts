import { Injectable } from '@nestjs/common';
import { caseSubject, createBreakGlassGrant, defineAbilityFor } from '@tutela/access';
import { Actor, RequestMeta, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { AccessContextService } from '../cases/access-context.service';
import { CaseRepository } from '../cases/case.repository';

export interface BreakGlassInput {
  reason: string;
  durationMinutes?: number;
}

export interface BreakGlassGrantView {
  id: string;
  caseId: string;
  reason: string;
  expiresAt: string;
}

/**
 * Break-the-glass: a user whose role holds `break_glass` opens one case outside their scope, for a stated reason and
 * a limited time. The stated reason and the trail are the protection: the grant is written with an audit-log entry
 * and a case history event (seen by the owner and supervisors) in one transaction. While it lives, the access
 * context loads it and the case is readable (never writable); it needs no revocation job, since it expires by itself.
 */
@Injectable()
export class BreakGlassService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessContextService,
    private readonly repository: CaseRepository,
    private readonly audit: AuditService,
  ) {}

  async open(actor: Actor, caseId: string, input: BreakGlassInput, meta: RequestMeta): Promise<BreakGlassGrantView> {
    const ctx = await this.access.forActor(actor, [caseId]);
    // The capability is checked before the case is looked up, so a refusal says nothing about whether it exists.
    if (!ctx.ability.can('break_glass', 'Case')) throw TutelaError.forbidden('Your role may not break the glass');
    const grant = createBreakGlassGrant({ caseId, reason: input.reason, durationMinutes: input.durationMinutes });
    const record = await this.repository.find(this.db, caseId);
    if (!record) throw TutelaError.notFound('Case');
    // A case of a module the role does not work in stays closed: the grant would give nothing.
    const widened = defineAbilityFor(actor, ctx.role, { grants: [...ctx.grants, grant] });
    if (!widened.can('read', caseSubject(record))) throw TutelaError.forbidden('Your role does not work in the module of this case');

    const id = randomUUID();
    const reason = input.reason.trim();
    const expiresAt = grant.expiresAt as Date;
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO access_grants (id, case_id, user_id, kind, reason, expires_at) VALUES ($1, $2, $3, 'break_glass', $4, $5)`,
        [id, caseId, actor.userId, reason, expiresAt],
      );
      await this.repository.appendEvent(tx, {
        caseId,
        actorId: actor.userId,
        action: 'break_glass',
        version: null,
        meta: { grantId: id, reason, expiresAt: expiresAt.toISOString() },
      });
      await this.audit.record(
        { actor, action: 'break_glass', targetType: 'case', targetId: caseId, details: { grantId: id, reason, expiresAt: expiresAt.toISOString() }, meta },
        tx,
      );
    });
    return { id, caseId, reason, expiresAt: expiresAt.toISOString() };
  }
}
