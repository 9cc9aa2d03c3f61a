import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject } from 'ajv';
import { DefinitionProblem, WorkflowProblemCode } from '../definition/workflow-problem.types';

/**
 * Ajv for configuration: every error at once (the loader lists them all) and strict mode, so a typo in a schema
 * written here fails loudly at start-up instead of silently accepting anything.
 */
export function createConfigAjv(): Ajv2020 {
  return new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, logger: false });
}

/**
 * Turns Ajv errors into problems whose pointer names the offending property itself, missing or extra. The
 * 'must match "then" schema' wrappers are dropped: the error inside them says what is wrong.
 */
export function ajvErrorsToProblems(errors: ErrorObject[] | null | undefined, code: WorkflowProblemCode): DefinitionProblem[] {
  return (errors ?? []).filter((error) => error.keyword !== 'if').map((error) => {
    const extra =
      error.keyword === 'required'
        ? (error.params as { missingProperty: string }).missingProperty
        : error.keyword === 'additionalProperties'
          ? (error.params as { additionalProperty: string }).additionalProperty
          : undefined;
    const path = extra === undefined ? error.instancePath : `${error.instancePath}/${escapePointer(extra)}`;
    const allowed = error.keyword === 'enum' ? `: ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}` : '';
    return { path, code, message: `${error.message ?? error.keyword}${allowed}` };
  });
}

export const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');
