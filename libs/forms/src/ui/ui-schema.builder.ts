import { conditionToSchema } from '../conditions/condition-schema.compiler';
import type { FieldDefinition, FormDefinition } from '../definitions/form-definition.types';
import { localizeText } from './locale';

/** JSON Forms UI schema elements (https://jsonforms.io/docs/uischema). */
export interface UiRule {
  effect: 'SHOW';
  condition: { scope: '#'; schema: Record<string, unknown> };
}

export interface UiElement {
  type: 'VerticalLayout' | 'Control' | 'Label';
  scope?: string;
  label?: string;
  text?: string;
  elements?: UiElement[];
  options?: Record<string, unknown>;
  rule?: UiRule;
}

// The rule's scope "#" hands the condition schema the whole object of the layout it sits in: the record at the
// top level, the item inside a subform detail — the same scope the server evaluates the condition in.
const showRule = (field: FieldDefinition): UiRule | undefined =>
  field.visibleIf && { effect: 'SHOW', condition: { scope: '#', schema: conditionToSchema(field.visibleIf) } };

function controlOptions(field: FieldDefinition, locale: string): Record<string, unknown> | undefined {
  switch (field.type) {
    case 'textarea':
      return { multi: true };
    case 'calculated':
      return field.manualFallback ? undefined : { readonly: true };
    case 'subform':
      return { detail: layout(field.fields ?? [], locale), elementLabelProp: field.fields?.[0]?.name };
    default:
      return undefined;
  }
}

function element(field: FieldDefinition, locale: string): UiElement {
  const rule = showRule(field);
  const label = localizeText(field.label, locale);
  if (field.type === 'separator') return { type: 'Label', text: label, ...(rule && { rule }) };
  const options = controlOptions(field, locale);
  return {
    type: 'Control',
    scope: `#/properties/${field.name}`,
    label,
    ...(options && { options }),
    ...(rule && { rule }),
  };
}

const layout = (fields: readonly FieldDefinition[], locale: string): UiElement => ({
  type: 'VerticalLayout',
  elements: fields.map((f) => element(f, locale)),
});

/** A JSON Forms UI schema for a form: a VerticalLayout of Controls in field order, SHOW rules from visibleIf. */
export function buildUiSchema(form: FormDefinition, locale: string): UiElement {
  return layout(form.fields, locale);
}
