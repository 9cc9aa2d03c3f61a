/**
 * Request bodies of the configuration admin routes. The pipe only checks that a definition is an object with an id:
 * the services check it whole (meta-schema and the pack around it) and answer 422 with every problem at once, each
 * naming its file and JSON pointer. (The meta-schemas are not inlined here: their local $refs would not resolve
 * inside the OpenAPI document; docs/form-definition.schema.json is the reference.)
 */
export const formDefinitionBodySchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string' } },
  description: 'A form definition (docs/forms.md, docs/form-definition.schema.json); `version` is ignored: the server numbers versions',
};

export const lookupDefinitionBodySchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string' } },
  description: 'A lookup (option list) definition (docs/forms.md §4)',
};

export const bundleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['files'],
  properties: {
    files: {
      type: 'object',
      description: 'Pack-relative path → document: country.json, matching.json, forms/<id>.json, lookups/<id>.json, roles/<id>.json, workflows/<id>.json (JSON objects), locations/<name>.csv (CSV text)',
      additionalProperties: { anyOf: [{ type: 'object' }, { type: 'string' }] },
    },
  },
};

export const locationImportSchema = {
  description: 'The CSV as a text/csv body, or JSON {"csv": "…"}',
  oneOf: [
    { type: 'string', description: 'text/csv: code,parent_code,level,name_<locale>…[,type][,disabled]' },
    { type: 'object', additionalProperties: false, required: ['csv'], properties: { csv: { type: 'string', minLength: 1 } } },
  ],
};
