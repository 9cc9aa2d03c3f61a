import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { DuplicateCheckService, DuplicateResolution, DuplicateResolutionService } from '@tutela/cases';
import { CurrentActor } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { UuidParam } from '../http/uuid-param.pipe';
import { duplicateCheckSchema, duplicateResolveSchema } from './duplicate.schemas';

@ApiTags('duplicates')
@ApiBearerAuth()
@Controller('cases')
export class DuplicatesController {
  constructor(
    private readonly checks: DuplicateCheckService,
    private readonly resolutions: DuplicateResolutionService,
  ) {}

  @Post('duplicates/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Potential duplicates of a registration before it is created: ranked, explained, only cases the actor may see (others counted per agency)' })
  @ApiBody({ schema: duplicateCheckSchema })
  check(@CurrentActor() actor: Actor, @Body(new JsonBodyPipe(duplicateCheckSchema)) body: { data: Record<string, unknown> }) {
    return this.checks.check(actor, body.data);
  }

  @Get(':id/duplicates')
  @ApiOperation({ summary: 'Potential duplicates of a stored case; 404 if missing or not visible' })
  forCase(@CurrentActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string) {
    return this.checks.forCase(actor, id);
  }

  @Post(':id/duplicates/:otherId/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'not_duplicate (never suggested again) or merge (approve permission; :id survives, :otherId is disabled and points to it)' })
  @ApiBody({ schema: duplicateResolveSchema })
  async resolve(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Param('otherId', new UuidParam('Case')) otherId: string,
    @Body(new JsonBodyPipe(duplicateResolveSchema)) body: { resolution: DuplicateResolution },
  ) {
    return { data: await this.resolutions.resolve(actor, id, otherId, body.resolution) };
  }
}
