import { suppressSmallCells } from './small-cell-suppression';

const cells = (...counts: number[]) => counts.map((count, i) => ({ key: { k: String(i) }, count }));
const shown = (result: ReturnType<typeof suppressSmallCells>) => result.cells.map((c) => c.count);

describe('suppressSmallCells', () => {
  it('leaves tables without small cells alone', () => {
    expect(shown(suppressSmallCells(cells(12, 7, 5), 24, 5))).toEqual([12, 7, 5]);
  });

  it('hides a small cell and the next smallest, so the total cannot reveal it', () => {
    expect(shown(suppressSmallCells(cells(20, 9, 2), 31, 5))).toEqual([20, null, null]);
  });

  it('keeps hiding until the hidden cells add up to the threshold', () => {
    expect(shown(suppressSmallCells(cells(30, 8, 1, 1), 40, 5))).toEqual([30, null, null, null]);
    expect(shown(suppressSmallCells(cells(30, 3, 2), 35, 5))).toEqual([30, null, null]);
  });

  it('hides a small total', () => {
    expect(suppressSmallCells(cells(3), 3, 5).total).toBeNull();
    expect(suppressSmallCells([], 0, 5).total).toBe(0);
  });
});
