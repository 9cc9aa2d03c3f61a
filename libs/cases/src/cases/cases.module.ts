import { Module } from '@nestjs/common';
import { WorkflowEffectsService } from '../workflow/workflow-effects.service';
import { AccessContextService } from './access-context.service';
import { CaseAccessLog } from './case-access-log.service';
import { CaseCreatePlanner } from './case-create-planner';
import { CaseListService } from './case-list.service';
import { CaseNotesService } from './case-notes.service';
import { CaseRepository } from './case.repository';
import { CaseService } from './case.service';

const providers = [AccessContextService, CaseAccessLog, CaseCreatePlanner, CaseListService, CaseNotesService, CaseRepository, CaseService, WorkflowEffectsService];

@Module({ providers, exports: providers })
export class CasesModule {}
