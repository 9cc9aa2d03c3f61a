import { Injectable } from '@nestjs/common';
import { Actor, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { TransitionRequestService } from '../workflow/transition-request.service';
import { SyncTransitionInput, SyncTransitionResult } from './sync.types';

/**
 * How long a push waits for the worker to decide a transition before forwarding the next one on the same case. The
 * transition API checks the case's current state when a request is stored, so an offline chain (A then B) only makes
 * sense once A is applied.
 */
export const TRANSITION_WAIT_MS = 10_000;

/**
 * Workflow transitions requested offline, forwarded to the transition API in the order they were made on the tablet
 * (the caller sorts by clientCreatedAt), with the tablet's id as the idempotency key (a retry finds its request) and
 * the tablet's clock stored on the request.
 */
@Injectable()
export class SyncTransitionsService {
  constructor(
    private readonly db: Database,
    private readonly transitions: TransitionRequestService,
  ) {}

  /** `pending` (case id → request id still queued) is shared by the transitions of one batch. */
  async forward(actor: Actor, input: SyncTransitionInput, index: number, pending: Map<string, string>): Promise<SyncTransitionResult> {
    const base = { index, id: input.id, caseId: input.caseId };
    try {
      const previous = pending.get(input.caseId);
      if (previous) {
        const decided = await this.transitions.waitForDecision(actor, input.caseId, previous, TRANSITION_WAIT_MS);
        if (decided.status === 'queued') {
          return { ...base, status: 'invalid', errors: [{ path: `/transitions/${index}`, code: 'previous_pending', message: 'The previous transition of this case is not decided yet: send this one again later' }] };
        }
      }
      const { view } = await this.transitions.request(actor, input.caseId, { transition: input.transition, ...(input.note ? { note: input.note } : {}) }, `sync:${input.id}`);
      await this.db.query(
        `UPDATE transition_requests SET client_created_at = $1 WHERE id = $2 AND requested_by = $3 AND client_created_at IS NULL`,
        [input.clientCreatedAt, view.id, actor.userId],
      );
      if (view.status === 'queued') pending.set(input.caseId, view.id);
      return { ...base, status: 'accepted', request: { id: view.id, status: view.status, state: view.state } };
    } catch (error) {
      if (!(error instanceof TutelaError)) throw error;
      const prefix = `/transitions/${index}`;
      const errors = error.details.length
        ? error.details.map((d) => ({ ...d, path: `${prefix}${d.path === '/' ? '' : d.path}` }))
        : [{ path: prefix, code: error.code.toLowerCase(), message: error.message }];
      if (error.code === 'NOT_FOUND') return { ...base, status: 'not_found', errors };
      if (error.code === 'FORBIDDEN') return { ...base, status: 'forbidden', errors };
      if (error.code === 'TRANSITION_NOT_ALLOWED') return { ...base, status: 'conflict', errors };
      return { ...base, status: 'invalid', errors };
    }
  }
}
