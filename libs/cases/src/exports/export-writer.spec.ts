import { Workbook, stream as excelStream } from 'exceljs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { openExportWriter, sheetZipEntry } from './export-writer';

describe('export writers', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutela-export-writer-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rows = Array.from({ length: 3000 }, (_, i) => ({ record: { id: `case-${i}` }, data: { name_first: `Awa ${i}`, age: i % 18, note: '=cmd' } }));

  it.each(['csv', 'xlsx'] as const)('streams every row of a %s file, formula-like text neutralised', async (format) => {
    const file = path.join(dir, `out.${format}`);
    const writer = openExportWriter(format, file, ['id'], ['name_first', 'age', 'note']);
    for (const row of rows) await writer.write(row);
    await writer.close();
    if (format === 'csv') {
      const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe('\uFEFFid,name_first,age,note');
      expect(lines[2999 + 1]).toBe("case-2999,Awa 2999,11,'=cmd");
      expect(lines).toHaveLength(3001);
    } else {
      const workbook = new Workbook();
      await workbook.xlsx.readFile(file);
      const sheet = workbook.getWorksheet('cases')!;
      expect(sheet.rowCount).toBe(3001);
      expect(sheet.getRow(3001).values).toEqual([undefined, 'case-2999', 'Awa 2999', 11, "'=cmd"]);
    }
  });

  // The XLSX writer's back-pressure reads where exceljs 4 streams a sheet into its zip: an exceljs upgrade that moves
  // it must fail here, not silently bring back memory that grows with the export.
  it('finds the zip entry stream of a streamed exceljs sheet', async () => {
    const workbook = new excelStream.xlsx.WorkbookWriter({ stream: new Writable({ write: (_chunk, _encoding, done) => done() }), useStyles: false, useSharedStrings: false });
    const sheet = workbook.addWorksheet('cases');
    sheet.addRow(['x']).commit();
    const entry = sheetZipEntry(sheet) as unknown as { write?: unknown; _writableState?: { needDrain?: boolean } } | undefined;
    expect(typeof entry?.write).toBe('function');
    expect(typeof entry?._writableState?.needDrain).toBe('boolean');
    sheet.commit();
    await workbook.commit();
  });
});
