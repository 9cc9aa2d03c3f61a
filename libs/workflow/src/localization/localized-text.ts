/** Text in several languages, keyed by locale (`en`, `fr`, `fr-ML`…), as written in workflow files. */
export type LocalizedText = Readonly<Record<string, string>>;

/** Locales every label must carry unless the caller names others (the two languages of the first country packs). */
export const DEFAULT_REQUIRED_LOCALES: readonly string[] = ['en', 'fr'];

/**
 * Picks the best text for a locale: the exact locale, then its language (`fr-ML` → `fr`), then English, then any.
 * Falling back keeps a half-translated pack usable; the loader reports the gaps so they get fixed.
 */
export function localize(text: LocalizedText | undefined, locale: string): string {
  if (!text) return '';
  const wanted = locale.toLowerCase();
  const language = wanted.split('-')[0];
  const keys = Object.keys(text);
  const exact = keys.find((key) => key.toLowerCase() === wanted);
  const sameLanguage = keys.find((key) => key.toLowerCase() === language);
  const chosen = exact ?? sameLanguage ?? (text.en !== undefined ? 'en' : keys[0]);
  return chosen === undefined ? '' : text[chosen];
}

/** The required locales that a text lacks or leaves blank. */
export function missingLocales(text: LocalizedText, required: readonly string[]): string[] {
  return required.filter((locale) => typeof text[locale] !== 'string' || text[locale].trim() === '');
}
