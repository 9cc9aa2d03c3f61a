/** Request bodies of the workflow routes (validated by JsonBodyPipe, documented in OpenAPI). */
export const transitionRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['transition'],
  properties: {
    transition: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 100 },
    note: { type: 'string', maxLength: 2000 },
  },
};

export const approvalRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 100 },
    comment: { type: 'string', maxLength: 2000 },
  },
};

export const approvalDecisionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['decision'],
  properties: {
    decision: { type: 'string', enum: ['approved', 'rejected'] },
    comment: { type: 'string', maxLength: 2000 },
  },
};

/** POST /cases/:id/referrals and /transfers: exactly one recipient. */
export const newTransferSchema = {
  type: 'object',
  additionalProperties: false,
  oneOf: [{ required: ['toUserId'] }, { required: ['toAgencyId'] }],
  properties: {
    toUserId: { type: 'string', format: 'uuid' },
    toAgencyId: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 100 },
    service: { type: 'string', maxLength: 200 },
    note: { type: 'string', maxLength: 2000 },
    forms: { type: 'array', items: { type: 'string', maxLength: 100 }, uniqueItems: true, maxItems: 50 },
  },
};

export const transferResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['accepted', 'rejected', 'done'] },
    reason: { type: 'string', maxLength: 2000 },
  },
};

export const assignSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['userId'],
  properties: { userId: { type: 'string', format: 'uuid' } },
};
