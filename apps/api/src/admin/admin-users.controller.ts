import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestMeta } from '@tutela/common';
import { NewUserInput, UserAdminService, UserPatch } from '@tutela/cases';
import { CurrentActor, Meta } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { UuidParam } from '../http/uuid-param.pipe';
import { createUserSchema, resetPasswordSchema, updateUserSchema } from './admin.schemas';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: UserAdminService) {}

  @Get()
  @ApiOperation({ summary: 'User accounts (manage_users): q (username/name), roleId, agencyId, disabled, page, per' })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.users.list(actor, query);
  }

  @Get(':id')
  async get(@CurrentActor() actor: Actor, @Param('id', new UuidParam('User')) id: string) {
    return { data: await this.users.get(actor, id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create an account with a policy-checked password; 409 if the username is taken' })
  @ApiBody({ schema: createUserSchema })
  async create(@CurrentActor() actor: Actor, @Body(new JsonBodyPipe(createUserSchema)) body: NewUserInput, @Meta() meta: RequestMeta) {
    return { data: await this.users.create(actor, body, meta) };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change role, agency, groups, location, locale, contact or status; disabling ends every session at once' })
  @ApiBody({ schema: updateUserSchema })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('User')) id: string,
    @Body(new JsonBodyPipe(updateUserSchema)) body: UserPatch,
    @Meta() meta: RequestMeta,
  ) {
    return { data: await this.users.update(actor, id, body, meta) };
  }

  @Post(':id/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Reset the password: sessions end, a lockout is lifted' })
  @ApiBody({ schema: resetPasswordSchema })
  async resetPassword(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('User')) id: string,
    @Body(new JsonBodyPipe(resetPasswordSchema)) body: { password: string },
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.users.resetPassword(actor, id, body.password, meta);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disable the account (accounts are never deleted)' })
  async disable(@CurrentActor() actor: Actor, @Param('id', new UuidParam('User')) id: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.users.disable(actor, id, meta);
  }
}
