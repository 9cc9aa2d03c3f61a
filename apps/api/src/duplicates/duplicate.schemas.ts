/** Request bodies of the duplicate routes (JSON Schema: validates the request and documents it in OpenAPI). */
export const duplicateCheckSchema = {
  type: 'object',
  required: ['data'],
  additionalProperties: false,
  properties: {
    data: { type: 'object', description: 'Registration form values; the matchable fields (matching.json) are used, others ignored' },
  },
};

export const duplicateResolveSchema = {
  type: 'object',
  required: ['resolution'],
  additionalProperties: false,
  properties: {
    resolution: { type: 'string', enum: ['not_duplicate', 'merge'], description: 'merge needs the approve permission on both cases; the case in the path survives' },
  },
};
