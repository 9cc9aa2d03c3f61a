import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { ApprovalService } from './approval.service';
import { CaseAssignmentService } from './case-assignment.service';
import { CaseTransferService } from './case-transfer.service';
import { QueueAdminService } from './queue-admin.service';
import { TaskService } from './task.service';
import { TransitionApplyService } from './transition-apply.service';
import { TransitionRequestService } from './transition-request.service';
import { WorkflowTimerService } from './workflow-timer.service';
import { WorkflowRepository } from './workflow.repository';

const providers = [ApprovalService, CaseAssignmentService, CaseTransferService, QueueAdminService, TransitionApplyService, TransitionRequestService, TaskService, WorkflowTimerService, WorkflowRepository];

/** Workflow services shared by the API (requests, approvals) and the worker (apply, timers). */
@Module({ imports: [CasesModule], providers, exports: providers })
export class WorkflowModule {}
