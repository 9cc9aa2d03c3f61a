import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestMeta } from '@tutela/common';
import { AuthService } from '@tutela/cases';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { Public } from './public.decorator';
import { CurrentActor, CurrentSession, Meta } from './request-context';

const loginSchema = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: { username: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
};
const refreshSchema = {
  type: 'object',
  required: ['refreshToken'],
  additionalProperties: false,
  properties: { refreshToken: { type: 'string', minLength: 1, maxLength: 200 } },
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Username and password → access token (short-lived JWT) and refresh token' })
  @ApiBody({ schema: loginSchema })
  async login(@Body(new JsonBodyPipe(loginSchema)) body: { username: string; password: string }, @Meta() meta: RequestMeta) {
    const { actor, ...tokens } = await this.auth.login(body.username, body.password, meta);
    return { data: { ...tokens, user: { id: actor.userId, username: actor.username, roleId: actor.roleId, agencyId: actor.agencyId } } };
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate: a new pair; the old refresh token stops working, and reusing it ends the session' })
  @ApiBody({ schema: refreshSchema })
  async refresh(@Body(new JsonBodyPipe(refreshSchema)) body: { refreshToken: string }, @Meta() meta: RequestMeta) {
    return { data: await this.auth.refresh(body.refreshToken, meta) };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: its refresh tokens and access tokens stop working' })
  async logout(@CurrentActor() actor: Actor, @CurrentSession() sessionId: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.auth.logout(actor, sessionId, meta);
  }
}
