import { evaluateCondition } from '../conditions/condition.evaluator';
import type { FieldDefinition } from '../definitions/form-definition.types';
import { isObject } from './calculations';

type Scope = Readonly<Record<string, unknown>>;

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Whether every field that is visible and required (always, or by its requiredIf) holds a value, in the scope and
 * in every item of its subforms. Calculated fields are the server's job and never make a form incomplete.
 */
export function isFormComplete(fields: readonly FieldDefinition[], scope: Scope): boolean {
  for (const field of fields) {
    if (field.type === 'separator' || (field.type === 'calculated' && !field.manualFallback)) continue;
    if (field.visibleIf && !evaluateCondition(field.visibleIf, scope)) continue;
    const value = scope[field.name];
    const required = field.required || (field.requiredIf !== undefined && evaluateCondition(field.requiredIf, scope));
    if (required && isEmpty(value)) return false;
    if (field.type === 'subform' && Array.isArray(value)) {
      if (!value.every((item) => isObject(item) && isFormComplete(field.fields ?? [], item))) return false;
    }
  }
  return true;
}
