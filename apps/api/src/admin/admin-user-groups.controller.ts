import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserGroupDefinition } from '@tutela/access';
import { Actor, RequestMeta } from '@tutela/common';
import { UserGroupAdminService } from '@tutela/cases';
import { CurrentActor, Meta } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { userGroupSchema } from './admin.schemas';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/user-groups')
export class AdminUserGroupsController {
  constructor(private readonly items: UserGroupAdminService) {}

  @Get()
  @ApiOperation({ summary: 'User groups (manage_users)' })
  async list(@CurrentActor() actor: Actor) {
    return { data: await this.items.list(actor) };
  }

  @Get(':groupId')
  async get(@CurrentActor() actor: Actor, @Param('groupId') id: string) {
    return { data: await this.items.get(actor, id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create; 409 if the id exists' })
  @ApiBody({ schema: userGroupSchema })
  async create(@CurrentActor() actor: Actor, @Body(new JsonBodyPipe(userGroupSchema)) body: UserGroupDefinition, @Meta() meta: RequestMeta) {
    return { data: await this.items.create(actor, body, meta) };
  }

  @Put(':groupId')
  @ApiOperation({ summary: 'Replace the definition (the body id must match the path)' })
  @ApiBody({ schema: userGroupSchema })
  async update(@CurrentActor() actor: Actor, @Param('groupId') id: string, @Body(new JsonBodyPipe(userGroupSchema)) body: UserGroupDefinition, @Meta() meta: RequestMeta) {
    return { data: await this.items.update(actor, id, body, meta) };
  }

  @Delete(':groupId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disable (never deleted: users and cases keep pointing at it)' })
  async disable(@CurrentActor() actor: Actor, @Param('groupId') id: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.items.disable(actor, id, meta);
  }
}
