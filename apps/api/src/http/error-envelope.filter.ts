import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorEnvelope } from './error-envelope';

/** The one place errors become HTTP answers (ARCHITECTURE.md decision 7). */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    sendErrorEnvelope(exception, request, reply, this.logger);
  }
}

export function sendErrorEnvelope(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const { status, headers, body } = toErrorEnvelope(exception, String(request.id));
  if (status >= 500) {
    logger.error({ msg: 'unhandled error', correlationId: request.id, err: exception });
  }
  void reply.status(status).headers(headers).send(body);
}
