import { LocalizedText } from '../localization/localized-text';
import { CaseCondition, ConditionOperator } from './case-condition.types';

const OPERATOR_WORDS: Record<ConditionOperator, LocalizedText> = {
  eq: { en: '=', fr: '=' },
  ne: { en: '≠', fr: '≠' },
  in: { en: 'is one of', fr: 'est l’une des valeurs' },
  notIn: { en: 'is none of', fr: 'n’est aucune des valeurs' },
  gt: { en: '>', fr: '>' },
  gte: { en: '≥', fr: '≥' },
  lt: { en: '<', fr: '<' },
  lte: { en: '≤', fr: '≤' },
  present: { en: 'is filled in', fr: 'est renseigné' },
  absent: { en: 'is empty', fr: 'est vide' },
  includes: { en: 'includes', fr: 'comprend' },
};

const COMBINATOR_WORDS: Record<'all' | 'any' | 'not', LocalizedText> = {
  all: { en: 'all of', fr: 'toutes ces conditions' },
  any: { en: 'one of', fr: 'l’une de ces conditions' },
  not: { en: 'not', fr: 'non' },
};

/**
 * A condition as readable text in every language the descriptions exist in (English and French). It only quotes
 * the definition (field names and configured values), never case data.
 */
export function describeCondition(condition: CaseCondition): LocalizedText {
  const locales = Object.keys(OPERATOR_WORDS.eq);
  return Object.fromEntries(locales.map((locale) => [locale, describeIn(condition, locale)]));
}

function describeIn(condition: CaseCondition, locale: string): string {
  if ('all' in condition || 'any' in condition) {
    const key = 'all' in condition ? 'all' : 'any';
    const parts = 'all' in condition ? condition.all : condition.any;
    return `${COMBINATOR_WORDS[key][locale]} (${parts.map((part) => describeIn(part, locale)).join('; ')})`;
  }
  if ('not' in condition) return `${COMBINATOR_WORDS.not[locale]} (${describeIn(condition.not, locale)})`;
  const words = OPERATOR_WORDS[condition.op][locale];
  if (condition.op === 'present' || condition.op === 'absent') return `${condition.field} ${words}`;
  return `${condition.field} ${words} ${JSON.stringify(condition.value)}`;
}
