import { Injectable } from '@nestjs/common';
import { TutelaError } from '@tutela/common';
import { WorkflowEffect, planCaseStart } from '@tutela/workflow';
import { ConfigurationService } from '../configuration/configuration.service';
import { EffectTarget, WorkflowEffectsService } from '../workflow/workflow-effects.service';
import { AccessContext, AccessContextService } from './access-context.service';
import { indexColumns } from './case-indexing';
import { NewCaseRow, NewCaseWithHistory } from './case.repository';
import { CaseData } from './case.types';
import { forbiddenFields, knownFieldPointers } from './field-pointers';
import { newShortId } from './short-id';
import { transitionContext } from './transition-context';

export const DEFAULT_WORKFLOW = 'case_management';

export interface CreateCaseInput {
  id?: string;
  module?: string;
  data: CaseData;
}

/** A create decided: the row with its history diff, and what the workflow's start writes beside it (timers...). */
export interface PlannedCreate {
  insert: NewCaseWithHistory & { case: NewCaseRow };
  /** Empty in the usual case, when the start only sets fields or the owner (already in the row). */
  storedEffects: readonly WorkflowEffect[];
  /** The case as those effects see it. */
  target: EffectTarget;
}

/**
 * Everything a create decides before it writes, shared by POST /cases (CaseService) and imports (one plan per row):
 * the actor's field rules (403 naming the fields), the forms engine (422 with paths), the workflow's starting state
 * and effects, the server-computed search columns and the history diff. Throws TutelaError; writes nothing.
 */
@Injectable()
export class CaseCreatePlanner {
  constructor(
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly effects: WorkflowEffectsService,
  ) {}

  plan(ctx: AccessContext, id: string, input: CreateCaseInput, shortId: string = newShortId()): PlannedCreate {
    const { actor } = ctx;
    const snapshot = this.configuration.snapshot();
    const forbidden = knownFieldPointers(snapshot.forms, this.access.fieldsForNewCase(ctx).unwritable(input.data));
    if (forbidden.length) throw forbiddenFields(forbidden);
    const validated = snapshot.forms.validateRecord({ data: input.data, submitted: input.data, locale: actor.locale });
    if (!validated.valid) throw TutelaError.validation(validated.errors);
    const workflow = snapshot.workflows.get(DEFAULT_WORKFLOW) ?? [...snapshot.workflows.values()][0];
    if (!workflow) throw new Error('No workflow is configured');

    const start = planCaseStart(workflow, { data: validated.data, ownerId: actor.userId, approvals: {} }, transitionContext(ctx, snapshot.forms, validated.data));
    const { data, ownerId, stored } = this.effects.splitStart({ caseId: id, ownerId: actor.userId, agencyId: actor.agencyId, assignedUserIds: [], data: validated.data }, start.effects);
    return {
      insert: {
        case: {
          id,
          shortId,
          module: input.module ?? 'cp',
          status: start.status,
          workflowId: workflow.id,
          workflowState: start.state,
          ownerId,
          agencyId: actor.agencyId,
          groupIds: actor.groupIds,
          data,
          formVersions: validated.formVersions,
          createdBy: actor.userId,
          index: indexColumns(data, { ...snapshot, shortId, fallbackLocationCode: actor.locationCode }),
        },
        actorId: actor.userId,
        scanJobId: `scan-duplicates-${id}-1`,
      },
      storedEffects: stored,
      target: { caseId: id, ownerId, agencyId: actor.agencyId, assignedUserIds: [], data },
    };
  }
}
