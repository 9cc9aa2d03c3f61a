import type { ErrorObject, ValidateFunction } from 'ajv';
import type { PackProblem } from '../definitions/pack.types';
import { formDefinitionMetaSchema } from '../meta-schema/form-definition.meta-schema';
import { countryDefinitionMetaSchema, lookupDefinitionMetaSchema } from '../meta-schema/pack.meta-schemas';
import { createFormAjv } from '../schema/form-ajv.factory';

export type DefinitionKind = 'form' | 'lookup' | 'country';

const SCHEMAS: Record<DefinitionKind, object> = {
  form: formDefinitionMetaSchema,
  lookup: lookupDefinitionMetaSchema,
  country: countryDefinitionMetaSchema,
};

let validators: Record<DefinitionKind, ValidateFunction> | undefined;

function validatorFor(kind: DefinitionKind): ValidateFunction {
  if (!validators) {
    const ajv = createFormAjv();
    validators = {
      form: ajv.compile(SCHEMAS.form),
      lookup: ajv.compile(SCHEMAS.lookup),
      country: ajv.compile(SCHEMAS.country),
    };
  }
  return validators[kind];
}

function describe(error: ErrorObject): { path: string; message: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      return { path: `${error.instancePath}/${name}`, message: `unknown property "${name}"` };
    }
    case 'required':
      return { path: error.instancePath, message: `missing property "${String(params.missingProperty)}"` };
    case 'enum':
      return { path: error.instancePath, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'false schema':
      return { path: error.instancePath, message: 'is not allowed here' };
    case 'not':
      return { path: error.instancePath, message: 'has a value that is not allowed here (e.g. a subform inside a subform)' };
    case 'oneOf':
      return { path: error.instancePath, message: 'must have exactly one of "options" or "lookup"' };
    default:
      return { path: error.instancePath, message: error.message ?? error.keyword };
  }
}

// An `if` error only repeats its branch's errors; inside the options/lookup `oneOf`, the branch errors are noise
// next to the oneOf's own message.
const isNoise = (error: ErrorObject): boolean => error.keyword === 'if' || error.schemaPath.includes('/oneOf/');

// When a type-specific branch fails, its properties count as unevaluated and would be called unknown: report
// unknown properties of an object only once nothing else is wrong inside it.
function hidesUnknownProperties(errors: readonly ErrorObject[]): (error: ErrorObject) => boolean {
  const failing = errors.filter((e) => e.keyword !== 'unevaluatedProperties' && !isNoise(e)).map((e) => e.instancePath);
  return (error) =>
    error.keyword === 'unevaluatedProperties' &&
    failing.some((path) => path === error.instancePath || path.startsWith(`${error.instancePath}/`));
}

/** Problems of one definition file against its meta-schema, with JSON pointers into the file. */
export function checkMetaSchema(kind: DefinitionKind, value: unknown, file: string): PackProblem[] {
  const validate = validatorFor(kind);
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const hidden = hidesUnknownProperties(errors);
  const seen = new Set<string>();
  const problems: PackProblem[] = [];
  for (const error of errors) {
    if (isNoise(error) || hidden(error)) continue;
    const { path, message } = describe(error);
    const key = `${path} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ file, path, message: `does not match the ${kind} meta-schema: ${message}` });
  }
  return problems;
}
