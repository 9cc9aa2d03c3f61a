import { HttpException } from '@nestjs/common';
import { ERROR_STATUS, ErrorCode, ErrorDetail, TutelaError } from '@tutela/common';

export interface ErrorEnvelope {
  status: number;
  headers: Record<string, string>;
  body: { error: { code: string; message: string; details: ErrorDetail[]; correlationId: string } };
}

const CODE_BY_STATUS: Record<number, ErrorCode> = Object.fromEntries(
  Object.entries(ERROR_STATUS)
    .filter(([code]) => !['VERSION_CONFLICT', 'TRANSITION_NOT_ALLOWED'].includes(code))
    .map(([code, status]) => [status, code as ErrorCode]),
);

/** Fastify's own errors (body parsing, limits) carry a statusCode; their messages are safe but terse. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Request body is empty but Content-Type is application/json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Malformed JSON body',
};

/**
 * Maps anything thrown to the error envelope of API.md. Only unexpected errors become 500 (and are the only ones
 * logged with a stack); bad input of any kind is a 4xx.
 */
export function toErrorEnvelope(exception: unknown, correlationId: string): ErrorEnvelope {
  const envelope = (status: number, code: string, message: string, details: ErrorDetail[] = [], headers: Record<string, string> = {}) => ({
    status,
    headers,
    body: { error: { code, message, details, correlationId } },
  });

  if (exception instanceof TutelaError) {
    return envelope(exception.status, exception.code, exception.message, exception.details, exception.headers);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
    const message = status === 404 ? 'Route not found' : status >= 500 ? 'Internal error' : exception.message;
    return envelope(status, code, message);
  }
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const message =
      FASTIFY_MESSAGES[fastifyError.code ?? ''] ?? (exception instanceof SyntaxError ? 'Malformed JSON body' : 'Bad request');
    return envelope(status, CODE_BY_STATUS[status] ?? 'BAD_REQUEST', message);
  }
  return envelope(500, 'INTERNAL', 'Internal error');
}
