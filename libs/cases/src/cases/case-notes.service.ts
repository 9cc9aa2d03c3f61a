import { Injectable } from '@nestjs/common';
import { Actor, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { AccessContextService } from './access-context.service';
import { CaseRepository } from './case.repository';
import { CaseService } from './case.service';

export interface NoteInput {
  subject?: string;
  body: string;
  /** When a tablet wrote it offline. */
  clientCreatedAt?: string;
}

/** Notes (who wrote what, when) and flags (with a reason, and an unflag with its own reason). */
@Injectable()
export class CaseNotesService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessContextService,
    private readonly cases: CaseService,
    private readonly repository: CaseRepository,
  ) {}

  async addNote(actor: Actor, caseId: string, input: NoteInput): Promise<unknown> {
    const ctx = await this.access.forActor(actor, [caseId]);
    await this.cases.load(ctx, caseId, 'add_note');
    const id = randomUUID();
    return this.db.transaction(async (tx) => {
      const [note] = await tx.query(
        `INSERT INTO case_notes (id, case_id, author_id, subject, body, client_created_at) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, subject, body, author_id AS "authorId", created_at AS "createdAt", client_created_at AS "clientCreatedAt"`,
        [id, caseId, actor.userId, input.subject ?? null, input.body, input.clientCreatedAt ?? null],
      );
      await this.repository.appendEvent(tx, { caseId, actorId: actor.userId, action: 'note_added', version: null, meta: { noteId: id } });
      return note;
    });
  }

  async notes(actor: Actor, caseId: string): Promise<unknown[]> {
    const ctx = await this.access.forActor(actor, [caseId]);
    await this.cases.load(ctx, caseId, 'read');
    return this.db.query(
      `SELECT n.id, n.subject, n.body, n.author_id AS "authorId", u.username AS "authorUsername", n.created_at AS "createdAt",
              n.client_created_at AS "clientCreatedAt"
         FROM case_notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.case_id = $1 ORDER BY n.created_at`,
      [caseId],
    );
  }

  async flag(actor: Actor, caseId: string, reason: string): Promise<unknown> {
    const ctx = await this.access.forActor(actor, [caseId]);
    await this.cases.load(ctx, caseId, 'flag');
    const id = randomUUID();
    return this.db.transaction(async (tx) => {
      const [flag] = await tx.query(
        `INSERT INTO case_flags (id, case_id, reason, flagged_by) VALUES ($1, $2, $3, $4)
         RETURNING id, reason, flagged_by AS "flaggedBy", flagged_at AS "flaggedAt"`,
        [id, caseId, reason, actor.userId],
      );
      await this.repository.appendEvent(tx, { caseId, actorId: actor.userId, action: 'flagged', version: null, meta: { flagId: id, reason } });
      return flag;
    });
  }

  async unflag(actor: Actor, caseId: string, flagId: string, reason: string): Promise<unknown> {
    const ctx = await this.access.forActor(actor, [caseId]);
    await this.cases.load(ctx, caseId, 'flag');
    return this.db.transaction(async (tx) => {
      const [flag] = await tx.query(
        `UPDATE case_flags SET unflagged_by = $3, unflagged_at = now(), unflag_reason = $4
          WHERE id = $1 AND case_id = $2 AND unflagged_at IS NULL
          RETURNING id, reason, flagged_by AS "flaggedBy", flagged_at AS "flaggedAt", unflagged_by AS "unflaggedBy",
                    unflagged_at AS "unflaggedAt", unflag_reason AS "unflagReason"`,
        [flagId, caseId, actor.userId, reason],
      );
      if (!flag) throw TutelaError.notFound('Active flag');
      await this.repository.appendEvent(tx, { caseId, actorId: actor.userId, action: 'unflagged', version: null, meta: { flagId, reason } });
      return flag;
    });
  }

  async flags(actor: Actor, caseId: string): Promise<unknown[]> {
    const ctx = await this.access.forActor(actor, [caseId]);
    await this.cases.load(ctx, caseId, 'read');
    return this.db.query(
      `SELECT id, reason, flagged_by AS "flaggedBy", flagged_at AS "flaggedAt", unflagged_by AS "unflaggedBy",
              unflagged_at AS "unflaggedAt", unflag_reason AS "unflagReason"
         FROM case_flags WHERE case_id = $1 ORDER BY flagged_at`,
      [caseId],
    );
  }
}
