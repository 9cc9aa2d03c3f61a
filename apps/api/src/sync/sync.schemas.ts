/** Request body of POST /sync/cases (validates the request and documents it in OpenAPI). Limits: docs/sync.md. */
const uuid = { type: 'string', format: 'uuid' };

export const syncPushSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    batchId: { ...uuid, description: 'Client-chosen; a retry with the same batchId replays the stored per-item results' },
    changes: {
      type: 'array',
      description: 'At most 100 (413 beyond). A create has no baseVersion; an update sends the version it edited and only the changed fields',
      items: {
        type: 'object',
        required: ['id', 'data'],
        additionalProperties: false,
        properties: {
          id: uuid,
          baseVersion: { type: 'integer', minimum: 1 },
          data: { type: 'object' },
          clientUpdatedAt: { type: 'string', format: 'date-time' },
          formVersions: { type: 'object', additionalProperties: { type: 'integer', minimum: 1 }, description: 'Form versions the tablet validated against' },
        },
      },
    },
    notes: {
      type: 'array',
      description: 'At most 200 (413 beyond); applied in clientCreatedAt order, idempotent by id',
      items: {
        type: 'object',
        required: ['id', 'caseId', 'body', 'clientCreatedAt'],
        additionalProperties: false,
        properties: {
          id: uuid,
          caseId: uuid,
          subject: { type: 'string', maxLength: 200 },
          body: { type: 'string', minLength: 1, maxLength: 20000 },
          clientCreatedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
    transitions: {
      type: 'array',
      description: 'At most 50 (413 beyond); forwarded to POST /cases/:id/transitions after the changes and notes, in clientCreatedAt order, idempotent by id',
      items: {
        type: 'object',
        required: ['id', 'caseId', 'transition', 'clientCreatedAt'],
        additionalProperties: false,
        properties: {
          id: uuid,
          caseId: uuid,
          transition: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' },
          note: { type: 'string', maxLength: 2000 },
          clientCreatedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
};
