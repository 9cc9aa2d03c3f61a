import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { SyncBatchRepository } from './sync-batch.repository';
import { SyncChangeService } from './sync-change.service';
import { SyncNotesService } from './sync-notes.service';
import { SyncPullService } from './sync-pull.service';
import { SyncPushService } from './sync-push.service';
import { SyncTransitionsService } from './sync-transitions.service';

/** Offline sync for tablets: pull pages of changes, push batches of offline edits, notes and transitions (docs/sync.md). */
@Module({
  imports: [CasesModule, WorkflowModule],
  providers: [SyncBatchRepository, SyncChangeService, SyncNotesService, SyncPullService, SyncPushService, SyncTransitionsService],
  exports: [SyncPullService, SyncPushService],
})
export class SyncModule {}
