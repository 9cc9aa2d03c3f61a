import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TutelaError } from '@tutela/common';
import { AuthService } from '@tutela/cases';
import { IS_PUBLIC } from './public.decorator';
import { AuthenticatedRequest } from './request-context';

/** Deny by default: every route needs a valid bearer token of an enabled user unless marked @Public. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._-]+)$/.exec(header) : null;
    if (!match) throw TutelaError.unauthenticated('Bearer token required');
    const { actor, sessionId } = await this.auth.resolveActor(match[1]);
    request.actor = actor;
    request.sessionId = sessionId;
    return true;
  }
}
