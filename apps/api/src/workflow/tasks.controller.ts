import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { TaskService } from '@tutela/cases';
import { LocalizedActor } from './localized-actor.decorator';

@ApiTags('workflow')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TaskService) {}

  @Get()
  @ApiOperation({ summary: 'Your due and overdue work: deadlines, case plan actions, follow-ups, services, approvals to decide, incoming referrals/transfers, alerts' })
  async list(@LocalizedActor() actor: Actor) {
    return { data: await this.tasks.list(actor) };
  }
}
