import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgencyDefinition } from '@tutela/access';
import { Actor, RequestMeta } from '@tutela/common';
import { AgencyAdminService } from '@tutela/cases';
import { CurrentActor, Meta } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { agencySchema } from './admin.schemas';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/agencies')
export class AdminAgenciesController {
  constructor(private readonly items: AgencyAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Agencys (manage_users)' })
  async list(@CurrentActor() actor: Actor) {
    return { data: await this.items.list(actor) };
  }

  @Get(':agencyId')
  async get(@CurrentActor() actor: Actor, @Param('agencyId') id: string) {
    return { data: await this.items.get(actor, id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create; 409 if the id exists' })
  @ApiBody({ schema: agencySchema })
  async create(@CurrentActor() actor: Actor, @Body(new JsonBodyPipe(agencySchema)) body: AgencyDefinition, @Meta() meta: RequestMeta) {
    return { data: await this.items.create(actor, body, meta) };
  }

  @Put(':agencyId')
  @ApiOperation({ summary: 'Replace the definition (the body id must match the path)' })
  @ApiBody({ schema: agencySchema })
  async update(@CurrentActor() actor: Actor, @Param('agencyId') id: string, @Body(new JsonBodyPipe(agencySchema)) body: AgencyDefinition, @Meta() meta: RequestMeta) {
    return { data: await this.items.update(actor, id, body, meta) };
  }

  @Delete(':agencyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disable (never deleted: users and cases keep pointing at it)' })
  async disable(@CurrentActor() actor: Actor, @Param('agencyId') id: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.items.disable(actor, id, meta);
  }
}
