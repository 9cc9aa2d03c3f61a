import { addIsoDuration, isIsoDuration, parseIsoDuration } from './iso-duration';

describe('ISO-8601 durations', () => {
  it('parses every component', () => {
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 });
    expect(parseIsoDuration('PT24H')).toEqual({ years: 0, months: 0, weeks: 0, days: 0, hours: 24, minutes: 0, seconds: 0 });
  });

  it.each(['', 'P', 'PT', 'P1DT', '24h', 'P1.5D', 'P-1D', 'PT1H30', 'p7d', '7D'])('refuses %p', (text) => {
    expect(parseIsoDuration(text)).toBeNull();
    expect(isIsoDuration(text)).toBe(false);
  });

  it('adds hours and days as exact UTC time', () => {
    const start = new Date('2026-03-28T22:00:00Z');
    expect(addIsoDuration(start, 'PT24H').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(addIsoDuration(start, 'P7D').toISOString()).toBe('2026-04-04T22:00:00.000Z');
    expect(addIsoDuration(start, 'PT0S').toISOString()).toBe(start.toISOString());
  });

  it('adds months on the calendar, clamping to the end of a shorter month', () => {
    expect(addIsoDuration(new Date('2026-01-31T08:00:00Z'), 'P1M').toISOString()).toBe('2026-02-28T08:00:00.000Z');
    expect(addIsoDuration(new Date('2028-01-31T08:00:00Z'), 'P1M').toISOString()).toBe('2028-02-29T08:00:00.000Z');
    expect(addIsoDuration(new Date('2026-11-15T08:00:00Z'), 'P1Y2M').toISOString()).toBe('2028-01-15T08:00:00.000Z');
  });

  it('throws on a text that is not a duration', () => {
    expect(() => addIsoDuration(new Date(), 'soon')).toThrow(RangeError);
  });
});
