import { Injectable } from '@nestjs/common';
import { Actor, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { AccessContextService } from '../cases/access-context.service';
import { CaseRepository } from '../cases/case.repository';
import { CaseService } from '../cases/case.service';
import { SyncNoteInput, SyncNoteResult } from './sync.types';

/**
 * Notes written offline: stored with the tablet's id (a retry finds it and changes nothing) and the tablet's clock
 * (`client_created_at`) next to the server's, with a `note_added` history event like notes written online.
 */
@Injectable()
export class SyncNotesService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessContextService,
    private readonly cases: CaseService,
    private readonly repository: CaseRepository,
  ) {}

  async add(actor: Actor, note: SyncNoteInput, index: number): Promise<SyncNoteResult> {
    const base = { index, id: note.id, caseId: note.caseId };
    try {
      const ctx = await this.access.forActor(actor, [note.caseId]);
      await this.cases.load(ctx, note.caseId, 'add_note');
      const existing = await this.find(note.id);
      if (existing) return this.replay(base, actor, existing);
      const created = await this.db.transaction(async (tx) => {
        const [row] = await tx.query<{ createdAt: Date }>(
          `INSERT INTO case_notes (id, case_id, author_id, subject, body, client_created_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (id) DO NOTHING RETURNING created_at AS "createdAt"`,
          [note.id, note.caseId, actor.userId, note.subject ?? null, note.body, note.clientCreatedAt],
        );
        if (!row) return null;
        await this.repository.appendEvent(tx, {
          caseId: note.caseId,
          actorId: actor.userId,
          action: 'note_added',
          version: null,
          meta: { noteId: note.id, sync: true, clientCreatedAt: note.clientCreatedAt },
        });
        return row;
      });
      // Null: a concurrent retry inserted it first.
      if (!created) return this.replay(base, actor, (await this.find(note.id))!);
      return { ...base, status: 'applied', createdAt: new Date(created.createdAt).toISOString() };
    } catch (error) {
      if (!(error instanceof TutelaError)) throw error;
      const errors = [{ path: `/notes/${index}`, code: error.code.toLowerCase(), message: error.message }];
      if (error.code === 'NOT_FOUND') return { ...base, status: 'not_found', errors };
      if (error.code === 'FORBIDDEN') return { ...base, status: 'forbidden', errors };
      return { ...base, status: 'invalid', errors };
    }
  }

  private find(id: string): Promise<{ caseId: string; authorId: string; createdAt: Date } | undefined> {
    return this.db
      .query<{ caseId: string; authorId: string; createdAt: Date }>(`SELECT case_id AS "caseId", author_id AS "authorId", created_at AS "createdAt" FROM case_notes WHERE id = $1`, [id])
      .then((rows) => rows[0]);
  }

  /** The same id by the same author on the same case is a retry; anything else is a client bug, named without details. */
  private replay(base: { index: number; id: string; caseId: string }, actor: Actor, existing: { caseId: string; authorId: string; createdAt: Date }): SyncNoteResult {
    if (existing.authorId === actor.userId && existing.caseId === base.caseId) return { ...base, status: 'applied', createdAt: new Date(existing.createdAt).toISOString() };
    return { ...base, status: 'conflict', errors: [{ path: `/notes/${base.index}/id`, code: 'id_in_use', message: 'This note id is already in use' }] };
  }
}
