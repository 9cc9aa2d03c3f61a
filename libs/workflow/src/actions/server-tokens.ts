import { TransitionContext } from '../machine/case-snapshot.types';

/** Values `set_fields` may take from the server instead of the definition; any other `$…` text is refused at load. */
export const SERVER_TOKENS = ['$now', '$today', '$actor'] as const;
export type ServerToken = (typeof SERVER_TOKENS)[number];

export const isServerToken = (value: unknown): value is ServerToken =>
  typeof value === 'string' && (SERVER_TOKENS as readonly string[]).includes(value);

/**
 * `$now` is the planning instant (ISO-8601, UTC), `$today` its calendar date in the context's time zone (UTC by
 * default) as `YYYY-MM-DD`, `$actor` the acting user's id.
 */
export function resolveServerToken(token: ServerToken, ctx: TransitionContext): string {
  if (token === '$now') return ctx.now.toISOString();
  if (token === '$actor') return ctx.actorId;
  return calendarDate(ctx.now, ctx.timeZone ?? 'UTC');
}

function calendarDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    instant,
  );
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
