import { diffCaseData, mergeCaseData } from './case-merge';

const subforms = new Set(['family']);

describe('mergeCaseData', () => {
  const stored = {
    name_first: 'Awa',
    nickname: 'A',
    family: [
      { unique_id: 'm', relation: 'mother', age: 40 },
      { unique_id: 'f', relation: 'father' },
    ],
  };

  it('replaces top-level values and removes those set to null', () => {
    expect(mergeCaseData(stored, { name_first: 'Awa K.', nickname: null }, subforms)).toEqual({ name_first: 'Awa K.', family: stored.family });
  });

  it('merges subform items by unique_id, appends new ones, removes _destroy ones, and leaves the input untouched', () => {
    const merged = mergeCaseData(stored, { family: [{ unique_id: 'm', age: null, phone: '7' }, { relation: 'sibling' }, { unique_id: 'f', _destroy: true }] }, subforms);
    expect(merged.family).toEqual([{ unique_id: 'm', relation: 'mother', phone: '7' }, { relation: 'sibling' }]);
    expect(stored.family[0]).toEqual({ unique_id: 'm', relation: 'mother', age: 40 });
  });

  it('treats an unknown item id as a new item rather than dropping it', () => {
    expect(mergeCaseData(stored, { family: [{ unique_id: 'x', relation: 'aunt' }] }, subforms).family).toHaveLength(3);
  });
});

describe('diffCaseData', () => {
  it('reports changed, added and removed fields as {from, to}', () => {
    expect(diffCaseData({ a: 1, b: 2 }, { a: 1, b: 3, c: 4 }, subforms)).toEqual({ b: { from: 2, to: 3 }, c: { from: null, to: 4 } });
    expect(diffCaseData({ a: [1, 2] }, { a: [1, 2] }, subforms)).toEqual({});
  });

  it('lists only the subform items that changed, before and after', () => {
    const before = { family: [{ unique_id: 'm', age: 40 }, { unique_id: 'f' }] };
    const after = { family: [{ unique_id: 'm', age: 41 }, { unique_id: 'f' }, { unique_id: 's' }] };
    expect(diffCaseData(before, after, subforms)).toEqual({
      family: { from: [{ unique_id: 'm', age: 40 }], to: [{ unique_id: 'm', age: 41 }, { unique_id: 's' }] },
    });
  });
});
