import type { LocalizedText } from '../definitions/form-definition.types';

export const FALLBACK_LOCALE = 'en';

const baseLanguage = (locale: string): string => locale.split('-')[0].toLowerCase();

/** The text in `locale`, else its base language (fr-ML → fr), else English, else the first translation. */
export function localizeText(text: LocalizedText, locale: string): string {
  return (
    text[locale] ?? text[baseLanguage(locale)] ?? text[FALLBACK_LOCALE] ?? Object.values(text)[0] ?? ''
  );
}

/**
 * Picks the supported locale an `Accept-Language` header (or a bare `?locale=` value) prefers, by q-value then
 * order; matches on the base language too (`fr-FR` → `fr`). Falls back to `fallback` when nothing matches.
 */
export function pickLocale(acceptLanguage: string | undefined | null, supported: readonly string[], fallback: string): string {
  if (!acceptLanguage) return fallback;
  const ranges = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.tag && r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    const exact = supported.find((s) => s.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const base = supported.find((s) => baseLanguage(s) === baseLanguage(tag));
    if (base) return base;
  }
  return fallback;
}
