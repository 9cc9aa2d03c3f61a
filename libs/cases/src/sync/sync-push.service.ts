import { Injectable } from '@nestjs/common';
import { Actor, TutelaError } from '@tutela/common';
import { ConfigurationService } from '../configuration/configuration.service';
import { SyncBatchRepository } from './sync-batch.repository';
import { SyncChangeService } from './sync-change.service';
import { syncConfigMeta } from './sync-meta';
import { SyncNotesService } from './sync-notes.service';
import { SyncTransitionsService } from './sync-transitions.service';
import { SyncChangeInput, SyncChangeResult, SyncNoteResult, SyncPushInput, SyncPushResult, SyncTransitionResult } from './sync.types';

/** Case edits per push: each is validated and written in its own transaction, so a batch must stay short. */
export const MAX_BATCH_CHANGES = 100;
export const MAX_BATCH_NOTES = 200;
export const MAX_BATCH_TRANSITIONS = 50;

/**
 * Push side of tablet sync (docs/sync.md). Items are applied in order, each on its own (one bad item never blocks
 * the others) and each answered on its own: applied, conflict, invalid, forbidden or not_found. With a batchId,
 * every item's result is stored as soon as it is known, so a retry after a lost response applies nothing twice.
 */
@Injectable()
export class SyncPushService {
  constructor(
    private readonly configuration: ConfigurationService,
    private readonly batches: SyncBatchRepository,
    private readonly changes: SyncChangeService,
    private readonly notes: SyncNotesService,
    private readonly transitions: SyncTransitionsService,
  ) {}

  async push(actor: Actor, input: SyncPushInput): Promise<SyncPushResult> {
    const changes = input.changes ?? [];
    const notes = input.notes ?? [];
    const transitions = input.transitions ?? [];
    tooLarge('/changes', changes.length, MAX_BATCH_CHANGES);
    tooLarge('/notes', notes.length, MAX_BATCH_NOTES);
    tooLarge('/transitions', transitions.length, MAX_BATCH_TRANSITIONS);
    const batchId = input.batchId ?? null;
    const stored = batchId ? await this.batches.stored(actor.userId, batchId) : new Map<string, { hash: string; result: unknown }>();
    if (batchId && stored.size === 0) await this.batches.forgetOld(actor.userId);
    let replayed = 0;

    const run = async <I, R extends SyncChangeResult | SyncNoteResult | SyncTransitionResult>(key: string, item: I, index: number, apply: () => Promise<R>, mismatch: () => R): Promise<R> => {
      const hash = this.batches.hash(item);
      const prior = stored.get(key);
      if (prior) {
        if (prior.hash !== hash) return mismatch();
        replayed++;
        return { ...(prior.result as R), index, replayed: true };
      }
      const result = await apply();
      if (batchId) await this.batches.store(actor.userId, batchId, key, hash, storable(result));
      return result;
    };

    const changeResults: SyncChangeResult[] = [];
    const seen = new Set<string>();
    for (const [index, change] of changes.entries()) {
      const duplicate = seen.has(change.id);
      seen.add(change.id);
      changeResults.push(
        await run(`change:${index}`, change, index, () => (duplicate ? Promise.resolve(duplicateChange(change, index)) : this.changes.apply(actor, change, index)), () => changedItem(change, index)),
      );
    }

    // Notes are replayed in the order they were written on the tablet, after the case edits they may refer to.
    const noteResults: SyncNoteResult[] = [];
    for (const index of byClientTime(notes)) {
      const note = notes[index];
      noteResults.push(
        await run(`note:${note.id}`, note, index, () => this.notes.add(actor, note, index), (): SyncNoteResult => ({
          index, id: note.id, caseId: note.caseId, status: 'invalid', errors: [mismatchDetail(`/notes/${index}`)],
        })),
      );
    }
    noteResults.sort((a, b) => a.index - b.index);

    // Transitions last, in the order they were made: their guards see the edits and notes of the same batch.
    const transitionResults: SyncTransitionResult[] = [];
    const pending = new Map<string, string>();
    for (const index of byClientTime(transitions)) {
      const transition = transitions[index];
      transitionResults.push(
        await run(`transition:${transition.id}`, transition, index, () => this.transitions.forward(actor, transition, index, pending), (): SyncTransitionResult => ({
          index, id: transition.id, caseId: transition.caseId, status: 'invalid', errors: [mismatchDetail(`/transitions/${index}`)],
        })),
      );
    }
    transitionResults.sort((a, b) => a.index - b.index);
    return { data: { changes: changeResults, notes: noteResults, transitions: transitionResults }, meta: { batchId, replayed, config: syncConfigMeta(this.configuration.snapshot()) } };
  }
}

function tooLarge(path: string, count: number, max: number): void {
  if (count > max) {
    throw new TutelaError('PAYLOAD_TOO_LARGE', `At most ${max} items per batch: split it`, [{ path, code: 'maxItems', message: `${count} items, at most ${max}` }]);
  }
}

/** Stable sort of item indexes by the tablet's clock (ties keep the order they were sent in). */
function byClientTime(items: Array<{ clientCreatedAt: string }>): number[] {
  return items.map((_, i) => i).sort((a, b) => Date.parse(items[a].clientCreatedAt) - Date.parse(items[b].clientCreatedAt) || a - b);
}

function duplicateChange(change: SyncChangeInput, index: number): SyncChangeResult {
  return {
    index,
    id: change.id,
    status: 'invalid',
    errors: [{ path: `/changes/${index}/id`, code: 'duplicate_in_batch', message: 'This case is already changed earlier in the batch: send one change per case' }],
  };
}

function changedItem(change: SyncChangeInput, index: number): SyncChangeResult {
  return { index, id: change.id, status: 'invalid', errors: [mismatchDetail(`/changes/${index}`)] };
}

function mismatchDetail(path: string) {
  return { path, code: 'batch_item_changed', message: 'This batchId was used with a different item here: use a new batchId for new changes' };
}

/**
 * What is kept for a replay: outcomes, versions and field names, never case data (the stored copy would outlive the
 * actor's access to the case). A replayed answer therefore has no `case`; the next pull brings it.
 */
function storable(result: SyncChangeResult | SyncNoteResult | SyncTransitionResult): unknown {
  const { case: _case, ...rest } = result as SyncChangeResult & { case?: unknown };
  if (rest.status === 'conflict' && 'conflicts' in rest) {
    return { ...rest, conflicts: rest.conflicts.map(({ field, itemId, keys }) => ({ field, ...(itemId ? { itemId } : {}), ...(keys ? { keys } : {}) })) };
  }
  return rest;
}
