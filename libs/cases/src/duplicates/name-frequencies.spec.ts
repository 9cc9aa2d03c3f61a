import { frequenciesOf } from './name-frequency-cache';
import { UNKNOWN_NAME_FREQUENCIES, expectedNamesakes } from './name-frequencies';

const token = (t: string, c: string[]) => ({ t, c, field: 'name_first' });

describe('name frequencies', () => {
  it('reads pg_stats: a share per listed code, the rarest listed share for the others', () => {
    // most_common_elem_freqs: one share per code, then the smallest, the largest and the null share.
    const frequencies = frequenciesOf({ cases: 200_000, codes: ['TRR', 'AMNT'], freqs: [0.05, 0.03, 0.03, 0.05, 0] });
    expect(frequencies.cases).toBe(200_000);
    expect(frequencies.share('TRR')).toBe(0.05);
    expect(frequencies.share('KSMP')).toBe(0.03);
  });

  it('knows nothing before the table was analyzed', () => {
    expect(frequenciesOf({ cases: 0, codes: null, freqs: null })).toBe(UNKNOWN_NAME_FREQUENCIES);
    expect(frequenciesOf(undefined)).toBe(UNKNOWN_NAME_FREQUENCIES);
    expect(expectedNamesakes([token('aminata', ['AMNT'])], UNKNOWN_NAME_FREQUENCIES)).toBe(0);
  });

  it('expects namesakes as the cases times the share of each token, a token as rare as its rarest code', () => {
    const frequencies = { cases: 100_000, share: (code: string) => ({ AMNT: 0.02, TRR: 0.05, ATR: 0.01, FTR: 0.002 })[code] ?? 0 };
    expect(expectedNamesakes([token('aminata', ['AMNT']), token('traore', ['TRR'])], frequencies)).toBeCloseTo(100);
    expect(expectedNamesakes([token('wattara', ['ATR', 'FTR'])], frequencies)).toBeCloseTo(200);
    // A token without a phonetic code tells nothing apart.
    expect(expectedNamesakes([token('aminata', ['AMNT']), token('h', [])], frequencies)).toBeCloseTo(2000);
  });
});
