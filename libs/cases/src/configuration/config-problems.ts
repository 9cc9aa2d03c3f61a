import { ErrorDetail } from '@tutela/common';
import { PackProblem } from '@tutela/forms';

/**
 * Definition problems as API error details: `file` names the bundle file (e.g. `forms/assessment.json`) and `path` is
 * the JSON pointer inside it (or `/rows/<row>/<column>` in a CSV, with `row` and `column` as well).
 */
export function problemDetails(problems: readonly PackProblem[], code = 'invalid_definition'): ErrorDetail[] {
  return problems.map((p) => ({
    path: p.path || '/',
    code,
    message: p.message,
    file: p.file,
    ...(p.row !== undefined && { row: p.row }),
    ...(p.column !== undefined && { column: p.column }),
  }));
}

/** One problem found by this layer (not the forms lib), in the same shape. */
export const problem = (file: string, path: string, message: string, code: string): ErrorDetail => ({ path, code, message, file });
