import type { LocationNode } from '../definitions/pack.types';
import { LocationTree } from './location-tree';

const node = (code: string, parentCode: string | null, level: number, path: string, fr: string, disabled = false): LocationNode => ({
  code, parentCode, level, path, name: { fr, en: fr }, ...(disabled && { disabled }),
});

describe('LocationTree', () => {
  const tree = new LocationTree([
    node('ML', null, 0, 'ML', 'Mali'),
    node('ML05', 'ML', 1, 'ML.ML05', 'Région de Mopti'),
    node('ML0502', 'ML05', 2, 'ML.ML05.ML0502', 'Cercle de Djenné'),
    node('ML0501', 'ML05', 2, 'ML.ML05.ML0501', 'Cercle de Mopti'),
    node('ML050101', 'ML0501', 3, 'ML.ML05.ML0501.ML050101', 'Sévaré', true),
    node('ML06', 'ML', 1, 'ML.ML06', 'Région de Tombouctou'),
  ]);

  it('walks children, descendants and paths', () => {
    expect(tree.childrenOf(null).map((n) => n.code)).toEqual(['ML']);
    expect(tree.childrenOf('ML05').map((n) => n.code)).toEqual(['ML0502', 'ML0501']);
    expect(tree.descendantsOf('ML05').map((n) => n.code)).toEqual(['ML0502', 'ML0501', 'ML050101']);
    expect(tree.pathOf('ML050101')).toBe('ML.ML05.ML0501.ML050101');
    expect(tree.get('nope')).toBeUndefined();
  });

  it('tests subtree membership on whole labels', () => {
    expect(tree.isWithin('ML050101', 'ML05')).toBe(true);
    expect(tree.isWithin('ML05', 'ML05')).toBe(true);
    expect(tree.isWithin('ML06', 'ML05')).toBe(false);
    expect(tree.isWithin('unknown', 'ML')).toBe(false);
  });

  it('finds by parent, level and accent-insensitive text, hiding disabled nodes unless asked', () => {
    expect(tree.find({ q: 'djenne' }).map((n) => n.code)).toEqual(['ML0502']);
    expect(tree.find({ q: 'SEVARE' })).toEqual([]);
    expect(tree.find({ q: 'sévaré', includeDisabled: true }).map((n) => n.code)).toEqual(['ML050101']);
    expect(tree.find({ level: 1 }).map((n) => n.code)).toEqual(['ML05', 'ML06']);
    expect(tree.find({ parent: 'ML05', q: 'mopti' }).map((n) => n.code)).toEqual(['ML0501']);
  });
});
