import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { Actor, RequestMeta } from '@tutela/common';
import type { FastifyRequest } from 'fastify';

export interface AuthenticatedRequest extends FastifyRequest {
  actor?: Actor;
  sessionId?: string;
}

/** The actor the auth guard resolved; routes without one are @Public and never read it. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});

export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().sessionId as string;
});

/** IP and correlation id, for the audit log. */
export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return { ip: request.ip, correlationId: String(request.id) };
});
