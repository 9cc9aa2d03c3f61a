import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { QueueAdminService } from '@tutela/cases';
import { CurrentActor } from '../auth/request-context';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/queues')
export class AdminQueuesController {
  constructor(private readonly queues: QueueAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Job counts per queue and recent failed jobs (no payloads); needs manage_config' })
  async overview(@CurrentActor() actor: Actor) {
    return { data: await this.queues.overview(actor) };
  }
}
