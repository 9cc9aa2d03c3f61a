import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MLI_PACK_DIR } from '../../test-fixtures/mli-pack';
import { parseLocationsCsv } from './locations-csv.parser';

describe('parseLocationsCsv', () => {
  it('builds nodes with ltree paths whatever the row order, with names per locale, type and disabled flag', () => {
    const csv = '\uFEFFcode,parent_code,level,name_fr,name_en,type,disabled\n' +
      'ML0101,ML01,2,"Cercle de Kayes, centre",Kayes Cercle,cercle,\n' +
      'ML,,0,Mali,Mali,country,\n' +
      'ML01,ML,1,Région de Kayes,,region,oui\n';
    const { nodes, problems } = parseLocationsCsv(csv, 'locations/mli.csv');
    expect(problems).toEqual([]);
    expect(nodes).toEqual([
      { code: 'ML0101', name: { fr: 'Cercle de Kayes, centre', en: 'Kayes Cercle' }, level: 2, parentCode: 'ML01', path: 'ML.ML01.ML0101', type: 'cercle' },
      { code: 'ML', name: { fr: 'Mali', en: 'Mali' }, level: 0, parentCode: null, path: 'ML', type: 'country' },
      { code: 'ML01', name: { fr: 'Région de Kayes' }, level: 1, parentCode: 'ML', path: 'ML.ML01', type: 'region', disabled: true },
    ]);
  });

  it('reports every bad row with row number and column, and leaves out the rows under a rejected one', () => {
    const csv = 'code,parent_code,level,name_fr\n' +
      'ML,,0,Mali\n' +
      'ML.01,ML,1,Point\n' +
      'ML02,ML,one,Deux\n' +
      'ML0201,ML02,2,Sous Deux\n' +
      'ML03,,1,Sans parent\n' +
      'ML04,ML,1,\n';
    const { nodes, problems } = parseLocationsCsv(csv);
    expect(nodes.map((n) => n.code)).toEqual(['ML']);
    expect(problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [3, 'code', 'code must be 1-64 letters, digits or underscores'],
      [4, 'level', 'level must be an integer from 0 to 5'],
      [6, 'parent_code', 'parent_code is required below level 0'],
      [7, 'name_fr', 'the location has no name'],
      [5, 'parent_code', 'unknown parent "ML02"'],
    ]);
    expect(problems[0]).toMatchObject({ file: 'locations.csv', path: '/rows/3/code' });
  });

  it('refuses a file without the required columns or with unknown ones', () => {
    const { nodes, problems } = parseLocationsCsv('code,name_fr,colour\nML,Mali,red\n', 'x.csv');
    expect(nodes).toEqual([]);
    expect(problems.map((p) => `${p.path} ${p.message}`)).toEqual([
      '/rows/1/parent_code missing column "parent_code"',
      '/rows/1/level missing column "level"',
      '/rows/1/colour unknown column "colour"',
    ]);
  });

  it('reports malformed CSV instead of throwing', () => {
    const { nodes, problems } = parseLocationsCsv('code,parent_code,level,name_fr\nML,,0,"Mali\n');
    expect(nodes).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/^unreadable CSV/);
  });

  it('reads the Mali tree: the country, 19 regions and the district of Bamako with its six communes', async () => {
    const text = await readFile(join(MLI_PACK_DIR, 'locations/mli.csv'), 'utf8');
    const { nodes, problems } = parseLocationsCsv(text);
    expect(problems).toEqual([]);
    const regions = nodes.filter((n) => n.level === 1).map((n) => n.name.fr);
    expect(regions).toHaveLength(20);
    expect(regions).toEqual(expect.arrayContaining(['Région de Taoudénit', 'Région de Ménaka', 'Région de Bougouni', 'District de Bamako']));
    expect(nodes.filter((n) => n.parentCode === 'ML09').map((n) => n.name.fr)).toEqual(
      ['Commune I', 'Commune II', 'Commune III', 'Commune IV', 'Commune V', 'Commune VI'],
    );
    for (const node of nodes) expect(node.path).toMatch(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/);
  });
});
