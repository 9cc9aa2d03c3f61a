import { PipeTransform } from '@nestjs/common';
import { ErrorDetail, TutelaError } from '@tutela/common';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const ajv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false }));

/**
 * Validates a request body against a JSON Schema (the same object documents the route in OpenAPI). Compiled once
 * per route at startup. A body that is not an object is 400; a well-formed body with bad fields is 422 per field.
 */
export class JsonBodyPipe implements PipeTransform {
  private readonly validate: ValidateFunction;

  constructor(readonly schema: object) {
    this.validate = ajv.compile(schema);
  }

  transform(value: unknown): unknown {
    if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw TutelaError.badRequest('Request body must be a JSON object');
    }
    if (!this.validate(value)) throw TutelaError.validation((this.validate.errors ?? []).map(toDetail));
    return value;
  }
}

function toDetail(error: ErrorObject): ErrorDetail {
  const missing = error.keyword === 'required' ? `/${(error.params as { missingProperty: string }).missingProperty}` : '';
  const extra = error.keyword === 'additionalProperties' ? `/${(error.params as { additionalProperty: string }).additionalProperty}` : '';
  return { path: `${error.instancePath}${missing}${extra}` || '/', code: error.keyword, message: error.message ?? 'is invalid' };
}
