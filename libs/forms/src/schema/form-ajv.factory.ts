import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** Annotation keyword carrying Tutela metadata (field type, lookup, …) in compiled schemas; Ajv ignores it. */
export const TUTELA_KEYWORD = 'x-tutela';

/**
 * The Ajv configuration every form schema is compiled with: JSON Schema 2020-12, every error reported (clients
 * need all failing fields at once), strict about unknown keywords. `strictRequired` and `strictTypes` are off:
 * condition fragments (`if`/`then`) name properties and required fields declared on the parent object schema.
 */
export function createFormAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, messages: true });
  addFormats(ajv, ['date', 'date-time', 'uuid', 'regex']);
  ajv.addVocabulary([TUTELA_KEYWORD]);
  return ajv;
}
