import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { CaseAssignmentService } from '@tutela/cases';
import { CurrentActor } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { UuidParam } from '../http/uuid-param.pipe';
import { assignSchema } from './workflow.schemas';

@ApiTags('workflow')
@ApiBearerAuth()
@Controller('cases/:id/assign')
export class AssignController {
  constructor(private readonly assignments: CaseAssignmentService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Make another user the owner (permission assign); 422 when the user is disabled or cannot work on cases' })
  @ApiBody({ schema: assignSchema })
  async assign(@CurrentActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string, @Body(new JsonBodyPipe(assignSchema)) body: { userId: string }) {
    return { data: await this.assignments.assign(actor, id, body.userId) };
  }
}
