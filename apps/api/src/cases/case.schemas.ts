/** Request bodies of the case routes (JSON Schema: validates the request and documents it in OpenAPI). */
export const createCaseSchema = {
  type: 'object',
  required: ['data'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Client-chosen id; creating twice with it returns the first result' },
    module: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,30}$' },
    data: { type: 'object', description: 'Form values by field name (see GET /forms)' },
  },
};

export const updateCaseSchema = {
  type: 'object',
  required: ['data'],
  additionalProperties: false,
  properties: {
    version: { type: 'integer', minimum: 1, description: 'The version edited, when If-Match is not sent' },
    data: { type: 'object', description: 'Changed fields; null removes a field; subform items merge by unique_id, _destroy removes one' },
  },
};

export const noteSchema = {
  type: 'object',
  required: ['body'],
  additionalProperties: false,
  properties: {
    subject: { type: 'string', maxLength: 200 },
    body: { type: 'string', minLength: 1, maxLength: 20000 },
    clientCreatedAt: { type: 'string', format: 'date-time' },
  },
};

export const flagSchema = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: { type: 'string', minLength: 3, maxLength: 1000 } },
};
