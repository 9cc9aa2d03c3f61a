import { Injectable } from '@nestjs/common';
import { Actor, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { AccessContextService } from '../cases/access-context.service';
import { CaseRepository } from '../cases/case.repository';
import { CaseService } from '../cases/case.service';
import { CaseRecord } from '../cases/case.types';
import { ConfigurationService } from '../configuration/configuration.service';
import { WorkflowRepository } from './workflow.repository';

/** Re-assigns a case to another owner (permission `assign`), who must be enabled and able to work on cases. */
@Injectable()
export class CaseAssignmentService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly cases: CaseService,
    private readonly caseRows: CaseRepository,
    private readonly repository: WorkflowRepository,
  ) {}

  async assign(actor: Actor, caseId: string, userId: string): Promise<{ caseId: string; ownerId: string; agencyId: string; version: number }> {
    const ctx = await this.access.forActor(actor, [caseId]);
    const record = await this.cases.load(ctx, caseId, 'assign');
    if (record.disabled) throw TutelaError.conflict('The case is disabled');
    const [user] = await this.db.query<{ roleId: string; agencyId: string }>(
      `SELECT role_id AS "roleId", agency_id AS "agencyId" FROM users WHERE id = $1 AND NOT disabled`,
      [userId],
    );
    const verbs = user ? (this.configuration.snapshot().roles.get(user.roleId)?.permissions.case ?? []) : [];
    if (!user || !(['read', 'update'] as const).every((verb) => (verbs as readonly string[]).includes(verb))) {
      throw TutelaError.validation([{ path: '/userId', code: 'invalid_assignee', message: 'No enabled user who may work on cases has this id' }]);
    }
    if (userId === record.ownerId) return { caseId, ownerId: record.ownerId, agencyId: record.agencyId, version: record.version };
    const version = await this.db.transaction(async (tx) => {
      const locked = (await this.caseRows.find(tx, caseId, { forUpdate: true })) as CaseRecord;
      await tx.query(`UPDATE cases SET owner_id = $2, agency_id = $3 WHERE id = $1`, [caseId, userId, user.agencyId]);
      const touched = await this.repository.touch(tx, caseId, locked.version);
      if (!touched) throw new Error('case version moved under a row lock');
      await this.caseRows.appendEvent(tx, {
        caseId,
        actorId: actor.userId,
        action: 'assign',
        version: touched.version,
        changes: {},
        meta: { from: locked.ownerId, to: userId },
      });
      await tx.query(`INSERT INTO alerts (id, case_id, user_id, kind, message) VALUES ($1, $2, $3, 'case_assigned', $4)`, [
        randomUUID(), caseId, userId, JSON.stringify({ key: 'case_assigned', text: { en: 'A case was assigned to you', fr: 'Un dossier vous a été attribué' } }),
      ]);
      return touched.version;
    });
    // The assigner may lose sight of the case (another agency): answer with ids only.
    return { caseId, ownerId: userId, agencyId: user.agencyId, version };
  }
}
