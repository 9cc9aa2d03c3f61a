/**
 * ISO-8601 durations with whole-number components (`P7D`, `PT24H`, `P1M`, `P1Y2M3W4DT5H6M7S`). Fractions are
 * refused: deadlines are configuration, and a fraction in one would more likely be a typo than intended.
 */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const ISO_DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** The same rule as a JSON Schema `pattern`, for parameter schemas of guards and actions. */
export const ISO_DURATION_PATTERN = ISO_DURATION.source;

/** Parses a duration, or answers null when the text is not one. */
export function parseIsoDuration(text: string): IsoDuration | null {
  const match = ISO_DURATION.exec(text);
  if (!match) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return { years, months, weeks, days, hours, minutes, seconds };
}

export const isIsoDuration = (text: string): boolean => ISO_DURATION.test(text);

const DAY_MS = 24 * 3600 * 1000;

/**
 * Adds a duration to an instant on the UTC calendar. Years and months move the calendar date and clamp to the end
 * of a shorter month (31 January + P1M = 28/29 February), so a monthly reminder never skips a month.
 */
export function addIsoDuration(start: Date, duration: string | IsoDuration): Date {
  const parsed = typeof duration === 'string' ? parseIsoDuration(duration) : duration;
  if (!parsed) throw new RangeError(`Not an ISO-8601 duration: ${String(duration)}`);
  const result = new Date(start.getTime());
  const monthShift = parsed.years * 12 + parsed.months;
  if (monthShift !== 0) {
    const dayOfMonth = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + monthShift);
    const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(dayOfMonth, lastDay));
  }
  const fixedMs =
    (parsed.weeks * 7 + parsed.days) * DAY_MS + ((parsed.hours * 60 + parsed.minutes) * 60 + parsed.seconds) * 1000;
  return new Date(result.getTime() + fixedMs);
}
