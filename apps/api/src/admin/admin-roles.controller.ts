import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RoleDefinition } from '@tutela/access';
import { Actor, RequestMeta } from '@tutela/common';
import { RoleAdminService } from '@tutela/cases';
import { CurrentActor, Meta } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { roleSchema } from './admin.schemas';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/roles')
export class AdminRolesController {
  constructor(private readonly roles: RoleAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Current roles with their version (manage_config)' })
  async list(@CurrentActor() actor: Actor) {
    return { data: await this.roles.list(actor) };
  }

  @Get(':roleId')
  async get(@CurrentActor() actor: Actor, @Param('roleId') roleId: string) {
    return { data: await this.roles.get(actor, roleId) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a role (version 1); 422 with every problem; 409 if the id exists' })
  @ApiBody({ schema: roleSchema })
  async create(@CurrentActor() actor: Actor, @Body(new JsonBodyPipe(roleSchema)) body: RoleDefinition, @Meta() meta: RequestMeta) {
    return { data: await this.roles.create(actor, body, meta) };
  }

  @Put(':roleId')
  @ApiOperation({ summary: 'Publish a new version of a role; every process applies it without restart' })
  @ApiBody({ schema: roleSchema })
  async update(@CurrentActor() actor: Actor, @Param('roleId') roleId: string, @Body(new JsonBodyPipe(roleSchema)) body: RoleDefinition, @Meta() meta: RequestMeta) {
    return { data: await this.roles.update(actor, roleId, body, meta) };
  }
}
