import { flatCell, neutraliseFormula } from './export-cells';

describe('export cells', () => {
  it.each(['=1+1', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx'])('neutralises the formula-like text %j', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text, numbers and booleans alone', () => {
    expect(neutraliseFormula('Aminata')).toBe('Aminata');
    expect(flatCell(-3)).toBe(-3);
    expect(flatCell(true)).toBe(true);
    expect(flatCell(null)).toBeNull();
  });

  it('flattens multi-selects and subforms, neutralising what they contain', () => {
    expect(flatCell(['neglect', 'child_labour'])).toBe('neglect;child_labour');
    expect(flatCell(['=cmd'])).toBe(`'=cmd`);
    expect(flatCell([{ name: 'x' }])).toBe('[{"name":"x"}]');
  });
});
