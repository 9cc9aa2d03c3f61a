import { LocationNode } from '@tutela/forms';
import { locationsToCsv, planLocationImport } from './location-import-plan';

const STORED: LocationNode[] = [
  { code: 'ML', name: { fr: 'Mali', en: 'Mali' }, level: 0, parentCode: null, path: 'ML' },
  { code: 'ML09', name: { fr: 'District de Bamako', en: 'Bamako District' }, level: 1, parentCode: 'ML', path: 'ML.ML09' },
  { code: 'ML0901', name: { fr: 'Commune I' }, level: 2, parentCode: 'ML09', path: 'ML.ML09.ML0901', disabled: true },
];
const FILE = 'locations/mli.csv';

describe('planLocationImport', () => {
  it('resolves new places under stored parents and counts created, updated and unchanged rows', () => {
    const csv = 'code,parent_code,level,name_fr,name_en\nML0999,ML09,2,Nouveau,New\nML09,ML,1,District de Bamako,Bamako District\nML,,0,Mali,Mali (renamed)\n';
    const plan = planLocationImport(csv, STORED, FILE);
    expect(plan.problems).toEqual([]);
    expect(plan).toMatchObject({ rows: 3, created: 1, updated: 1, unchanged: 1 });
    expect(plan.changes.map((n) => [n.code, n.path])).toEqual([['ML0999', 'ML.ML09.ML0999'], ['ML', 'ML']]);
  });

  it('keeps codes, parents and levels read-only and reports problems on the upload rows only', () => {
    const csv = 'code,parent_code,level,name_fr\nML0901,ML,1,Déplacée\nML0998,GONE,3,Orpheline\n';
    const plan = planLocationImport(csv, STORED, FILE);
    expect(plan.changes).toEqual([]);
    expect(plan.problems.map((p) => `${p.row}/${p.column}`).sort()).toEqual(['2/level', '2/parent_code', '3/parent_code']);
    expect(plan.problems.every((p) => p.file === FILE && p.path === `/rows/${p.row}/${p.column}`)).toBe(true);
  });

  it('reports a CSV without its required columns', () => {
    const plan = planLocationImport('code,name_fr\nML,Mali\n', STORED, FILE);
    expect(plan.problems.map((p) => p.column)).toEqual(expect.arrayContaining(['parent_code', 'level']));
  });

  it('exports a CSV that imports back with no change, disabled places and missing translations included', () => {
    const csv = locationsToCsv(STORED);
    expect(csv.split('\n')[0]).toBe('code,parent_code,level,name_en,name_fr,disabled');
    const plan = planLocationImport(csv, STORED, FILE);
    expect(plan.problems).toEqual([]);
    expect(plan).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3, changes: [] });
  });
});
