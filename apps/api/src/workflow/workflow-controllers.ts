import { AdminQueuesController } from './admin-queues.controller';
import { ApprovalsController } from './approvals.controller';
import { AssignController } from './assign.controller';
import { TasksController } from './tasks.controller';
import { ReferralsController, TransfersController } from './case-transfers.controller';
import { TransitionsController } from './transitions.controller';

/** The workflow area's controllers, registered by AppModule in one line. */
export const WORKFLOW_CONTROLLERS = [TransitionsController, ApprovalsController, ReferralsController, TransfersController, AssignController, TasksController, AdminQueuesController];
