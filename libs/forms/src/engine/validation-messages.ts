import type { ErrorDetail } from '@tutela/common';
import type { ErrorObject } from 'ajv';
import localizeFr from 'ajv-i18n/localize/fr';

/** Codes the engine adds to Ajv's keywords (`required`, `type`, `enum`, `minimum`, …). */
export type FormErrorCode =
  | 'required'
  | 'hidden_field'
  | 'unknown_field'
  | 'not_in_future'
  | 'disabled_option'
  | 'unknown_location'
  | 'disabled_location'
  | 'location_level'
  | 'calculated_field'
  | 'duplicate_item_id';

type Messages = Record<FormErrorCode, string>;

// Messages name the rule, never the value: error details end up in logs and must not carry personal data.
const MESSAGES: Record<'en' | 'fr', Messages> = {
  en: {
    required: 'is required',
    hidden_field: 'must be empty while the field is hidden',
    unknown_field: 'is not a field of any current form',
    not_in_future: 'must not be in the future',
    disabled_option: 'is an option that is no longer offered',
    unknown_location: 'is not a known location',
    disabled_location: 'is a location that is no longer in use',
    location_level: 'must be a location of admin level {levels}',
    calculated_field: 'is calculated by the server and cannot be set',
    duplicate_item_id: 'repeats the unique_id of another item',
  },
  fr: {
    required: 'est obligatoire',
    hidden_field: 'doit rester vide tant que le champ est masqué',
    unknown_field: "n'est un champ d'aucun formulaire en vigueur",
    not_in_future: 'ne doit pas être dans le futur',
    disabled_option: "est une option qui n'est plus proposée",
    unknown_location: "n'est pas un lieu connu",
    disabled_location: "est un lieu qui n'est plus utilisé",
    location_level: 'doit être un lieu de niveau administratif {levels}',
    calculated_field: 'est calculé par le serveur et ne peut pas être saisi',
    duplicate_item_id: "répète l'identifiant unique_id d'un autre élément",
  },
};

export type MessageLocale = keyof typeof MESSAGES;

/** en or fr: the locales error messages exist in (anything else falls back to English). */
export const messageLocale = (locale: string | undefined): MessageLocale =>
  locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';

export function formMessage(code: FormErrorCode, locale: MessageLocale, params: Record<string, string> = {}): string {
  return MESSAGES[locale][code].replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? '');
}

export const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Ajv errors as API error details under `prefix` (e.g. `/data`). `required` and unknown item keys point at the
 * field itself; a `false` schema is the hidden-field rule; `if` errors only repeat their branch's and are dropped.
 */
export function mapAjvErrors(errors: readonly ErrorObject[], prefix: string, locale: MessageLocale): ErrorDetail[] {
  const kept = errors.filter((e) => e.keyword !== 'if');
  if (locale === 'fr') localizeFr(kept as ErrorObject[]);
  return kept.map((error) => {
    const base = prefix + error.instancePath;
    switch (error.keyword) {
      case 'required': {
        const field = (error.params as { missingProperty: string }).missingProperty;
        return { path: `${base}/${escapePointer(field)}`, code: 'required', message: formMessage('required', locale) };
      }
      case 'additionalProperties': {
        const field = (error.params as { additionalProperty: string }).additionalProperty;
        return { path: `${base}/${escapePointer(field)}`, code: 'unknown_field', message: formMessage('unknown_field', locale) };
      }
      case 'false schema':
        return { path: base, code: 'hidden_field', message: formMessage('hidden_field', locale) };
      default:
        return { path: base, code: error.keyword, message: error.message ?? error.keyword };
    }
  });
}
