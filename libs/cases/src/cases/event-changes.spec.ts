import { diffCaseData } from './case-merge';
import { INITIAL_DATA_KEY, eventChanges, initialData } from './event-changes';

const subforms = new Set(['family_details']);
const data = {
  name_first: 'Awa',
  protection_concerns: ['neglect'],
  family_details: [{ unique_id: 'm', relation: 'mother' }],
  case_notes: [],
};

describe('create events', () => {
  it('expand the stored initial data to the diff from nothing, as creates stored it before', () => {
    expect(eventChanges({ [INITIAL_DATA_KEY]: data }, subforms)).toEqual(diffCaseData({}, data, subforms));
    expect(eventChanges({ [INITIAL_DATA_KEY]: data }, subforms)).toMatchObject({
      name_first: { from: null, to: 'Awa' },
      family_details: { from: [], to: [{ unique_id: 'm', relation: 'mother' }] },
    });
  });

  it('leave diffs (updates, earlier creates, imports) as they are', () => {
    const diff = { name_first: { from: 'Awa', to: 'Awa K.' } };
    expect(eventChanges(diff, subforms)).toBe(diff);
  });

  it('give the data of version 1 from either form', () => {
    expect(initialData({ [INITIAL_DATA_KEY]: data })).toBe(data);
    expect(initialData(diffCaseData({}, { name_first: 'Awa', sex: 'female' }, subforms))).toEqual({ name_first: 'Awa', sex: 'female' });
  });
});
