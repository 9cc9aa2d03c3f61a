import { stringify } from 'csv-stringify';
import type * as ExcelJS from 'exceljs';
import { once } from 'node:events';
import * as fs from 'node:fs';
import { Writable } from 'node:stream';
import { flatCell } from './export-cells';

/**
 * exceljs (with the zip and stream libraries under it) is loaded by the first XLSX export, not at start: most
 * processes never write one, and loading it cost every API and worker start about 0.2 s of CPU.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadExcel = (): typeof ExcelJS => require('exceljs');

export type ExportFormat = 'csv' | 'xlsx' | 'json';

/** File and text buffers of 1 MB instead of Node's 16 KB: a page of ~2 KB rows costs a few file writes, not 125. */
const FILE_BUFFER_BYTES = 1 << 20;
/** Rows the CSV stringifier accepts before it asks the writer to wait. */
const ROWS_BUFFERED = 256;

/** One exported case: fixed record columns, then the readable form values. */
export interface ExportRow {
  record: Record<string, string | number | null>;
  data: Record<string, unknown>;
}

export interface ExportWriter {
  write(row: ExportRow): Promise<void>;
  close(): Promise<void>;
}

/**
 * Streaming writers: each row goes to the file through bounded buffers (write() waits while they are full), so
 * memory stays flat whatever the export size. CSV and XLSX get one column per record attribute and per readable
 * field; JSON keeps values typed.
 */
export function openExportWriter(format: ExportFormat, file: string, recordColumns: string[], fieldColumns: string[]): ExportWriter {
  if (format === 'xlsx') return xlsxWriter(file, recordColumns, fieldColumns);
  if (format === 'json') return jsonWriter(file);
  return csvWriter(file, recordColumns, fieldColumns);
}

const flatValues = (row: ExportRow, recordColumns: string[], fieldColumns: string[]) => [
  ...recordColumns.map((c) => flatCell(row.record[c])),
  ...fieldColumns.map((f) => flatCell(row.data[f])),
];

function csvWriter(file: string, recordColumns: string[], fieldColumns: string[]): ExportWriter {
  const out = fs.createWriteStream(file, { highWaterMark: FILE_BUFFER_BYTES });
  // A BOM lets spreadsheet programs read the file as UTF-8 (names with accents). With the stream defaults (16 rows,
  // 16 KB) every eighth ~2 KB row waited for a file write to complete; with 1 MB a page of rows waits about twice.
  const csv = stringify({
    header: true,
    columns: [...recordColumns, ...fieldColumns],
    bom: true,
    cast: { boolean: (v) => String(v) },
    writableHighWaterMark: ROWS_BUFFERED,
    readableHighWaterMark: FILE_BUFFER_BYTES,
  });
  csv.pipe(out);
  return {
    async write(row) {
      if (!csv.write(flatValues(row, recordColumns, fieldColumns))) await once(csv, 'drain');
    },
    async close() {
      csv.end();
      await once(out, 'close');
    },
  };
}

function jsonWriter(file: string): ExportWriter {
  const out = fs.createWriteStream(file, { highWaterMark: FILE_BUFFER_BYTES });
  let first = true;
  const push = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  return {
    async write(row) {
      await push(`${first ? '[\n' : ',\n'}${JSON.stringify({ ...row.record, data: row.data })}`);
      first = false;
    },
    async close() {
      await push(first ? '[]\n' : '\n]\n');
      out.end();
      await once(out, 'close');
    },
  };
}

function xlsxWriter(file: string, recordColumns: string[], fieldColumns: string[]): ExportWriter {
  const out = fs.createWriteStream(file, { highWaterMark: FILE_BUFFER_BYTES });
  // Shared strings and styles would be kept in memory until the end: inline strings keep memory flat.
  const workbook = new (loadExcel().stream.xlsx.WorkbookWriter)({ stream: out as unknown as Writable, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('cases');
  sheet.columns = [...recordColumns, ...fieldColumns].map((key) => ({ header: key, key }));
  return {
    async write(row) {
      sheet.addRow(flatValues(row, recordColumns, fieldColumns)).commit();
      const entry = sheetZipEntry(sheet);
      if (entry && needsDrain(entry)) await once(entry, 'drain');
    },
    async close() {
      sheet.commit();
      await workbook.commit();
      if (!out.closed) await once(out, 'close');
    },
  };
}

/**
 * The stream that carries the sheet's XML into the zip. exceljs writes committed rows into it without heeding
 * back-pressure (exceljs issues #464, #734: `commit()` returns nothing), so rows produced faster than they are
 * deflated piled up in memory — 700 MiB for 100,000 rows. That stream does flag it (`needDrain`): waiting for its
 * 'drain' is what makes memory flat. The path is exceljs 4 internals, hence the spec that pins it.
 */
export function sheetZipEntry(sheet: unknown): NodeJS.WritableStream | undefined {
  return (sheet as { stream?: { pipes?: NodeJS.WritableStream[] } }).stream?.pipes?.[0];
}

/** Node's Writable and readable-stream 3 (what archiver uses) expose the flag differently. */
function needsDrain(stream: NodeJS.WritableStream): boolean {
  const writable = stream as { writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } };
  return writable.writableNeedDrain ?? writable._writableState?.needDrain ?? false;
}
