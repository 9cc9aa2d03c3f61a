import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { DefinitionIssue } from './definition-issue.types';

let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

/** One Ajv for the access schemas, compiled lazily: nothing is paid until a definition is validated. */
export function compileAccessSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    ajv ??= addFormats(new Ajv2020({ allErrors: true, strict: true }), ['email']);
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Ajv errors as definition issues; an unexpected property is reported at its own path. */
export function schemaIssues(errors: ErrorObject[] | null | undefined, file: string | undefined, base = ''): DefinitionIssue[] {
  return (errors ?? []).map((error) => {
    const extra = error.keyword === 'additionalProperties' ? `/${String(error.params.additionalProperty)}` : '';
    const allowed = error.keyword === 'enum' ? `: ${(error.params.allowedValues as unknown[]).join(', ')}` : '';
    return withFile(file, { path: `${base}${error.instancePath}${extra}`, message: `${error.message ?? 'is invalid'}${allowed}` });
  });
}

export const withFile = (file: string | undefined, issue: Omit<DefinitionIssue, 'file'>): DefinitionIssue =>
  file === undefined ? issue : { file, ...issue };
