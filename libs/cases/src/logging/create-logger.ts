import pino, { Logger } from 'pino';
import { TutelaConfig } from '@tutela/common';

/**
 * Structured JSON logs. Personal data never reaches them: request logs carry method, route pattern, status and
 * correlation id (no query strings, which may hold names being searched; no bodies; no auth headers), and the
 * redaction list removes credentials from anything a service logs by mistake.
 */
export function createLogger(config: Pick<TutelaConfig, 'logLevel'>, service: string): Logger {
  return pino({
    level: config.logLevel,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'refreshToken', '*.refreshToken', 'accessToken', '*.accessToken', 'data', '*.data', 'headers.authorization'],
      remove: true,
    },
    serializers: {
      req: (req: any) => ({
        id: req.id,
        method: req.method,
        route: req.routeOptions?.url ?? String(req.url ?? '').split('?')[0],
      }),
      res: (res: any) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
  });
}
