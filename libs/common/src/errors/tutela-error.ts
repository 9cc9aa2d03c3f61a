/** One failing input: JSON pointer into the request, a stable machine code and a localized message. */
export interface ErrorDetail {
  path: string;
  code: string;
  message: string;
  [extra: string]: unknown;
}

/** Stable error codes clients may switch on, each with the HTTP status it maps to (API.md "Conventions"). */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  TRANSITION_NOT_ALLOWED: 409,
  GONE: 410,
  PRECONDITION_FAILED: 412,
  PRECONDITION_REQUIRED: 428,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DEPENDENCY_DOWN: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The one error type services throw. Carries a stable code (mapped once to HTTP by the API's exception filter) and
 * optional per-field details. Messages never contain personal data: they name fields, not values.
 */
export class TutelaError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'TutelaError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static notFound(what = 'Resource'): TutelaError {
    return new TutelaError('NOT_FOUND', `${what} not found`);
  }

  static forbidden(message = 'Not allowed', details: ErrorDetail[] = []): TutelaError {
    return new TutelaError('FORBIDDEN', message, details);
  }

  static validation(details: ErrorDetail[], message = 'Validation failed'): TutelaError {
    return new TutelaError('VALIDATION_FAILED', message, details);
  }

  static badRequest(message: string, details: ErrorDetail[] = []): TutelaError {
    return new TutelaError('BAD_REQUEST', message, details);
  }

  static conflict(message: string, details: ErrorDetail[] = []): TutelaError {
    return new TutelaError('CONFLICT', message, details);
  }

  static unauthenticated(message = 'Authentication required'): TutelaError {
    return new TutelaError('UNAUTHENTICATED', message);
  }
}
