import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The locale a request asks for: `?locale=` wins over `Accept-Language` (kept whole, q-values included). The service
 * negotiates it against the country's locales, so anything unsupported falls back to the country's default.
 */
export const RequestedLocale = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const query = (request.query ?? {}) as Record<string, unknown>;
  if (typeof query.locale === 'string' && query.locale) return query.locale;
  const header = request.headers['accept-language'];
  return typeof header === 'string' && header ? header : undefined;
});
