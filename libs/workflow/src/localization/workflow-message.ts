import { LocalizedText, localize } from './localized-text';

/** A value substituted into a message: plain, or itself localized (e.g. the label of an approval type). */
export type MessageParam = string | number | LocalizedText;

/**
 * A message not yet rendered: effects and guard results carry every language so that the recipient's locale, not
 * the actor's, decides how it reads. `key` names it for clients that keep their own translations.
 */
export interface WorkflowMessage {
  key?: string;
  text: LocalizedText;
  params?: Readonly<Record<string, MessageParam>>;
}

/** Renders a message in one locale, replacing `{name}` placeholders with the (localized) parameters. */
export function renderMessage(message: WorkflowMessage, locale: string): string {
  const template = localize(message.text, locale);
  return template.replace(/\{([a-zA-Z0-9_]+)\}/g, (whole, name: string) => {
    const value = message.params?.[name];
    if (value === undefined) return whole;
    return typeof value === 'object' ? localize(value, locale) : String(value);
  });
}
