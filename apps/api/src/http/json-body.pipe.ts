import { PipeTransform } from '@nestjs/common';
import { ErrorDetail, TutelaError } from '@tutela/common';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const ajv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false }));

/**
 * Validates a request body against a JSON Schema (the same object documents the route in OpenAPI). Compiled once
 * per route, on the route's first request: compiling the ~30 route schemas at startup cost every process start (the
 * worker has no routes, the bench starts many APIs) about half a second of CPU for routes most processes never
 * serve. A body that is not an object is 400; a well-formed body with bad fields is 422 per field.
 */
export class JsonBodyPipe implements PipeTransform {
  private compiled?: ValidateFunction;

  constructor(readonly schema: object) {}

  transform(value: unknown): unknown {
    if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw TutelaError.badRequest('Request body must be a JSON object');
    }
    // Ajv caches by schema object, so routes sharing a schema share one compiled function.
    const validate = (this.compiled ??= ajv.compile(this.schema));
    if (!validate(value)) throw TutelaError.validation((validate.errors ?? []).map(toDetail));
    return value;
  }
}

function toDetail(error: ErrorObject): ErrorDetail {
  const missing = error.keyword === 'required' ? `/${(error.params as { missingProperty: string }).missingProperty}` : '';
  const extra = error.keyword === 'additionalProperties' ? `/${(error.params as { additionalProperty: string }).additionalProperty}` : '';
  return { path: `${error.instancePath}${missing}${extra}` || '/', code: error.keyword, message: error.message ?? 'is invalid' };
}
