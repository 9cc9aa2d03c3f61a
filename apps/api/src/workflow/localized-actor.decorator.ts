import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { Actor } from '@tutela/common';
import type { FastifyRequest } from 'fastify';
import { AuthenticatedRequest } from '../auth/request-context';

const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * The actor, with the locale the request asks for (`?locale=fr`, else the first `Accept-Language` tag) replacing its
 * profile's: guard reasons and labels are shown in the language the screen is in.
 */
export const LocalizedActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest & FastifyRequest>();
  const actor = request.actor;
  if (!actor) throw new Error('LocalizedActor used on a public route');
  const query = (request.query ?? {}) as Record<string, unknown>;
  const header = String(request.headers['accept-language'] ?? '').split(',')[0]?.split(';')[0]?.trim();
  const wanted = typeof query.locale === 'string' ? query.locale : header;
  return wanted && LOCALE.test(wanted) && wanted !== '*' ? { ...actor, locale: wanted } : actor;
});
