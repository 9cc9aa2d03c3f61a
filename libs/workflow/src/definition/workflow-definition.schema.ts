/**
 * JSON Schema (2020-12) of a workflow file. Exported so editors and the admin API can validate files before they
 * reach the loader; the loader checks it first, then the references and rules a schema cannot express.
 * Guard and action parameters are only required to be objects here: each guard or action checks its own.
 */
export const WORKFLOW_DEFINITION_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:tutela:workflow-definition',
  title: 'Tutela workflow definition',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'name', 'initialState', 'states', 'transitions'],
  properties: {
    $schema: { type: 'string' },
    id: { $ref: '#/$defs/identifier' },
    version: { type: 'integer', minimum: 1 },
    name: { $ref: '#/$defs/localizedText' },
    description: { type: 'string' },
    initialState: { $ref: '#/$defs/identifier' },
    states: { type: 'array', minItems: 1, items: { $ref: '#/$defs/state' } },
    transitions: { type: 'array', minItems: 1, items: { $ref: '#/$defs/transition' } },
    timers: { type: 'array', items: { $ref: '#/$defs/timer' } },
    approvals: { type: 'array', items: { $ref: '#/$defs/approvalType' } },
    messages: {
      type: 'object',
      propertyNames: { $ref: '#/$defs/messageKey' },
      additionalProperties: { $ref: '#/$defs/localizedText' },
    },
  },
  $defs: {
    identifier: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 },
    messageKey: { type: 'string', pattern: '^[a-z][a-z0-9_.]*$', maxLength: 128 },
    permission: { type: 'string', pattern: '^[a-z][a-z0-9_:.]*$', maxLength: 64 },
    localizedText: {
      type: 'object',
      minProperties: 1,
      propertyNames: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
      additionalProperties: { type: 'string' },
    },
    state: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'label'],
      properties: {
        id: { $ref: '#/$defs/identifier' },
        label: { $ref: '#/$defs/localizedText' },
        final: { type: 'boolean' },
        description: { type: 'string' },
      },
    },
    transition: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'from', 'to', 'label'],
      properties: {
        name: { $ref: '#/$defs/identifier' },
        from: {
          anyOf: [
            { $ref: '#/$defs/identifier' },
            { type: 'array', minItems: 1, uniqueItems: true, items: { $ref: '#/$defs/identifier' } },
          ],
        },
        to: { $ref: '#/$defs/identifier' },
        label: { $ref: '#/$defs/localizedText' },
        description: { type: 'string' },
        guards: { type: 'array', items: { $ref: '#/$defs/guardReference' } },
        actions: { type: 'array', items: { $ref: '#/$defs/actionReference' } },
      },
    },
    guardReference: {
      type: 'object',
      additionalProperties: false,
      required: ['guard'],
      properties: {
        guard: { $ref: '#/$defs/identifier' },
        params: { type: 'object' },
        message: { $ref: '#/$defs/localizedText' },
      },
    },
    actionReference: {
      type: 'object',
      additionalProperties: false,
      required: ['action'],
      properties: {
        action: { $ref: '#/$defs/identifier' },
        params: { type: 'object' },
      },
    },
    duration: { type: 'string', minLength: 2, description: 'ISO-8601 duration with whole numbers, e.g. PT24H, P7D' },
    durationSpec: {
      anyOf: [
        { $ref: '#/$defs/duration' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['field', 'values', 'default'],
          properties: {
            field: { type: 'string', pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$' },
            values: { type: 'object', minProperties: 1, additionalProperties: { $ref: '#/$defs/duration' } },
            default: { $ref: '#/$defs/duration' },
          },
        },
      ],
    },
    timer: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'state', 'duration', 'onExpiry'],
      properties: {
        name: { $ref: '#/$defs/identifier' },
        state: { $ref: '#/$defs/identifier' },
        duration: { $ref: '#/$defs/durationSpec' },
        startOnEnter: { type: 'boolean' },
        label: { $ref: '#/$defs/localizedText' },
        description: { type: 'string' },
        onExpiry: { type: 'array', minItems: 1, items: { $ref: '#/$defs/actionReference' } },
      },
    },
    approvalType: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'label', 'permission'],
      properties: {
        type: { $ref: '#/$defs/identifier' },
        label: { $ref: '#/$defs/localizedText' },
        permission: { $ref: '#/$defs/permission' },
        requestPermission: { $ref: '#/$defs/permission' },
        required: { type: 'boolean' },
        selfApprovalPermission: { $ref: '#/$defs/permission' },
        requestableIn: { type: 'array', uniqueItems: true, items: { $ref: '#/$defs/identifier' } },
      },
    },
  },
} as const;
