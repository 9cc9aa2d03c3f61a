import { FieldCatalogEntry } from '@tutela/forms';
import { ImportRow, UnreadableRow, countImportRows, inChunks, readImportRows } from './import-rows';

const catalog = [
  { name: 'name_first', type: 'text' },
  { name: 'age', type: 'integer' },
  { name: 'consent_for_services', type: 'boolean' },
  { name: 'protection_concerns', type: 'multiselect' },
] as FieldCatalogEntry[];

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
const read = (format: 'csv' | 'ndjson', text: string) => all<ImportRow | UnreadableRow>(readImportRows(format, Buffer.from(text), catalog));

describe('import rows', () => {
  it('types CSV cells from the field catalog, numbers data rows from 1 and drops our export columns', async () => {
    const rows = await read('csv', "id,name_first,age,consent_for_services,protection_concerns\nx,'=Awa,7,true,neglect;child_labour\ny,Ali,seven,,\n");
    expect(rows).toEqual([
      { row: 1, data: { name_first: '=Awa', age: 7, consent_for_services: true, protection_concerns: ['neglect', 'child_labour'] } },
      // A value that does not convert stays text, for validation to report against its field.
      { row: 2, data: { name_first: 'Ali', age: 'seven' } },
    ]);
  });

  it('reports a malformed NDJSON line and a NUL character as unreadable rows, skipping blank lines', async () => {
    const rows = await read('ndjson', `{"data":{"name_first":"Awa"}}\n\n{oops\n{"name_first":"A\\u0000b"}\n{"name_first":"Ali"}`);
    expect(rows).toEqual([
      { row: 1, data: { name_first: 'Awa' } },
      { row: 2, error: 'the line is not a JSON object' },
      { row: 3, error: expect.stringContaining('NUL') },
      { row: 4, data: { name_first: 'Ali' } },
    ]);
  });

  it('counts rows the way it numbers them, CRLF line ends included', async () => {
    const ndjson = '{"name_first":"Awa"}\r\n\r\n{oops\r\n{"name_first":"Ali"}\r\n';
    expect(await countImportRows('ndjson', Buffer.from(ndjson))).toBe(3);
    expect((await read('ndjson', ndjson)).map((r) => r.row)).toEqual([1, 2, 3]);
    expect(await countImportRows('csv', Buffer.from('name_first\nAwa\n\nAli\n'))).toBe(2);
  });

  it('rejects a CSV row holding a NUL character, not the rows around it', async () => {
    const rows = await read('csv', 'name_first\nAwa\nA\u0000b\nAli\n');
    expect(rows.map((r) => ('error' in r ? 'unreadable' : r.data.name_first))).toEqual(['Awa', 'unreadable', 'Ali']);
  });

  it('groups rows into chunks in file order, the last one shorter', async () => {
    async function* numbers() {
      for (let i = 1; i <= 7; i++) yield i;
    }
    expect(await all(inChunks(numbers(), 3))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(await all(inChunks(numbers(), 7))).toEqual([[1, 2, 3, 4, 5, 6, 7]]);
  });
});
