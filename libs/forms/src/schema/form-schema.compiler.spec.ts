import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { FormDefinition } from '../definitions/form-definition.types';
import type { LookupDefinition } from '../definitions/pack.types';
import { createFormAjv } from './form-ajv.factory';
import { compileFormSchema } from './form-schema.compiler';

const t = (en: string) => ({ en, fr: `${en} (fr)` });
const lookups: LookupDefinition[] = [
  { id: 'yes_no', name: t('Yes/no'), options: [{ id: 'yes', label: t('Yes') }, { id: 'no', label: t('No'), disabled: true }] },
];
const form: FormDefinition = {
  id: 'sample',
  version: 3,
  recordType: 'case',
  module: 'cp',
  order: 1,
  title: t('Sample'),
  fields: [
    { name: 'title', type: 'text', label: t('Title'), required: true, maxLength: 20 },
    { name: 'answer', type: 'select', label: t('Answer'), lookup: 'yes_no' },
    { name: 'reason', type: 'textarea', label: t('Reason'), required: true, visibleIf: { field: 'answer', op: 'eq', value: 'no' } },
    { name: 'tags', type: 'multiselect', label: t('Tags'), required: true, options: [{ id: 'a', label: t('A') }, { id: 'b', label: t('B') }] },
    { name: 'count', type: 'integer', label: t('Count'), min: 0, max: 9, requiredIf: { field: 'answer', op: 'eq', value: 'yes' } },
    { name: 'total', type: 'calculated', label: t('Total'), calculation: { op: 'sum', fields: ['count'] } },
    { name: 'line', type: 'separator', label: t('Line') },
    {
      name: 'people',
      type: 'subform',
      label: t('People'),
      maxItems: 2,
      fields: [
        { name: 'who', type: 'text', label: t('Who'), required: true },
        { name: 'phone', type: 'text', label: t('Phone'), visibleIf: { field: 'who', op: 'present' } },
      ],
    },
  ],
};

describe('compileFormSchema', () => {
  const schema = compileFormSchema(form, { lookups });

  it('produces a JSON Schema 2020-12 with enums for selects and no property for separators', () => {
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['title', 'tags'],
      properties: {
        title: { type: 'string', minLength: 1, maxLength: 20 },
        answer: { type: 'string', enum: ['yes', 'no'] },
        tags: { type: 'array', items: { enum: ['a', 'b'] }, uniqueItems: true, minItems: 1 },
        total: { type: 'number', readOnly: true },
        people: { type: 'array', maxItems: 2, items: { additionalProperties: false, required: ['who'] } },
      },
    });
    expect(schema.properties).not.toHaveProperty('line');
    expect(schema).not.toHaveProperty('title');
  });

  it('adds titles in the requested locale for front ends', () => {
    const localized = compileFormSchema(form, { lookups, locale: 'fr' }) as { title: string; properties: Record<string, { title: string }> };
    expect(localized.title).toBe('Sample (fr)');
    expect(localized.properties.reason.title).toBe('Reason (fr)');
  });

  it('is enforced the same by a plain Ajv: hidden values and missing visible required fields are rejected', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const ok = { title: 'x', tags: ['a'] };
    expect(validate(ok)).toBe(true);
    expect(validate({ ...ok, reason: 'hidden' })).toBe(false);
    expect(validate({ ...ok, answer: 'no' })).toBe(false);
    expect(validate({ ...ok, answer: 'no', reason: 'because' })).toBe(true);
    expect(validate({ ...ok, answer: 'yes' })).toBe(false);
    expect(validate({ ...ok, answer: 'yes', count: 2 })).toBe(true);
    expect(validate({ ...ok, tags: [] })).toBe(false);
    expect(validate({ ...ok, people: [{ phone: '1' }] })).toBe(false);
    expect(validate({ ...ok, people: [{ who: 'a', phone: '1' }] })).toBe(true);
  });

  it('leaves conditions out on request (type generation) and compiles under the engine Ajv', () => {
    const plain = compileFormSchema(form, { lookups, conditions: false });
    expect(plain).not.toHaveProperty('allOf');
    expect((plain.properties as Record<string, Record<string, unknown>>).people.items).not.toHaveProperty('allOf');
    expect(() => createFormAjv().compile(schema)).not.toThrow();
  });
});
