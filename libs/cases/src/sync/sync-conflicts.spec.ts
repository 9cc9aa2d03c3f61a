import { ServerEvent, findConflicts, historyIsComplete } from './sync-conflicts';

const subforms = new Set(['family_details']);
const mother = { unique_id: 'm', relation_name: 'Mariam', relation: 'mother', relation_age: 38 };
const father = { unique_id: 'f', relation_name: 'Seydou', relation: 'father' };

describe('findConflicts (three-way against the base version)', () => {
  it('merges fields changed on one side only', () => {
    const current = { name_first: 'Aminata', name_nickname: 'Ami' };
    const events = [{ version: 2, changes: { name_nickname: { from: null, to: 'Ami' } } }];
    expect(findConflicts({ current, patch: { name_first: 'Aminata B.' }, events, subformFields: subforms })).toEqual([]);
  });

  it('reports a field both sides changed to different values, with both values', () => {
    const current = { name_nickname: 'Ami' };
    const events = [{ version: 2, changes: { name_nickname: { from: null, to: 'Ami' } } }];
    expect(findConflicts({ current, patch: { name_nickname: 'Nana' }, events, subformFields: subforms })).toEqual([{ field: 'name_nickname', server: 'Ami', client: 'Nana' }]);
  });

  it('accepts a field both sides changed to the same value (a retry, or the same correction)', () => {
    const current = { name_nickname: 'Ami' };
    const events = [{ version: 2, changes: { name_nickname: { from: null, to: 'Ami' } } }];
    expect(findConflicts({ current, patch: { name_nickname: 'Ami' }, events, subformFields: subforms })).toEqual([]);
  });

  it('merges edits of different keys of the same subform item, and of different items', () => {
    const current = { family_details: [{ ...mother, relation_age: 39 }, father] };
    const events = [{ version: 2, changes: { family_details: { from: [mother], to: [{ ...mother, relation_age: 39 }] } } }];
    const patch = { family_details: [{ unique_id: 'm', relation_name: 'Mariam T.' }, { unique_id: 'f', relation_name: 'Seydou T.' }, { relation_name: 'Awa', relation: 'sibling' }] };
    expect(findConflicts({ current, patch, events, subformFields: subforms })).toEqual([]);
  });

  it('reports the item and keys when both sides changed the same key of the same item', () => {
    const updated = { ...mother, relation_age: 39 };
    const current = { family_details: [updated, father] };
    const events = [{ version: 2, changes: { family_details: { from: [mother], to: [updated] } } }];
    const patch = { family_details: [{ unique_id: 'm', relation_age: 40 }] };
    expect(findConflicts({ current, patch, events, subformFields: subforms })).toEqual([
      { field: 'family_details', itemId: 'm', keys: ['relation_age'], server: updated, client: { unique_id: 'm', relation_age: 40 } },
    ]);
  });

  it('reports an edit of an item the server removed, and a removal of an item the server edited', () => {
    const events = [{ version: 2, changes: { family_details: { from: [father, mother], to: [{ ...mother, relation_age: 39 }] } } }];
    const current = { family_details: [{ ...mother, relation_age: 39 }] };
    const conflicts = findConflicts({ current, patch: { family_details: [{ unique_id: 'f', relation_name: 'S.' }, { unique_id: 'm', _destroy: true }] }, events, subformFields: subforms });
    expect(conflicts.map((c) => [c.itemId, c.server === null])).toEqual([
      ['f', true],
      ['m', false],
    ]);
  });

  it('combines the changes of several events after the base', () => {
    const events: ServerEvent[] = [
      { version: 2, changes: { sex: { from: 'female', to: 'male' } } },
      { version: 3, changes: { sex: { from: 'male', to: 'female' }, name_last: { from: 'A', to: 'B' } } },
    ];
    const conflicts = findConflicts({ current: { sex: 'female', name_last: 'B' }, patch: { name_last: 'C', age: 3 }, events, subformFields: subforms });
    expect(conflicts.map((c) => c.field)).toEqual(['name_last']);
  });
});

describe('historyIsComplete', () => {
  it('needs an event for every version after the base', () => {
    expect(historyIsComplete([{ version: 3, changes: {} }, { version: 2, changes: {} }, { version: null, changes: {} }], 1, 3)).toBe(true);
    expect(historyIsComplete([{ version: 3, changes: {} }], 1, 3)).toBe(false);
    expect(historyIsComplete([], 4, 4)).toBe(true);
  });
});
