import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestMeta } from '@tutela/common';
import { BreakGlassInput, BreakGlassService } from '@tutela/cases';
import { CurrentActor, Meta } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { UuidParam } from '../http/uuid-param.pipe';
import { breakGlassSchema } from './admin.schemas';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:id/break-glass')
export class BreakGlassController {
  constructor(private readonly breakGlass: BreakGlassService) {}

  @Post()
  @ApiOperation({ summary: 'Open a case outside your scope, read-only, for a stated reason and a limited time (break_glass); audited' })
  @ApiBody({ schema: breakGlassSchema })
  async open(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Body(new JsonBodyPipe(breakGlassSchema)) body: BreakGlassInput,
    @Meta() meta: RequestMeta,
  ) {
    return { data: await this.breakGlass.open(actor, id, body, meta) };
  }
}
