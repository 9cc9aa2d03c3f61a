const filterValue = { oneOf: [{ type: 'string', maxLength: 500 }, { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 200 } }] };

/** Body of POST /exports (validates the request and documents it in OpenAPI). */
export const createExportSchema = {
  type: 'object',
  required: ['format'],
  additionalProperties: false,
  properties: {
    format: { enum: ['csv', 'xlsx', 'json'] },
    filters: { type: 'object', additionalProperties: filterValue, description: 'The list filters of GET /cases (status, state, location, riskLevel, createdFrom…)' },
    fields: { type: 'array', minItems: 1, maxItems: 500, uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } },
    forms: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } },
    password: { type: 'string', minLength: 8, maxLength: 128, description: 'Encrypt the file in an AES-256 zip with this password (never stored in clear)' },
  },
};
