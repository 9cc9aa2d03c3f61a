import { stringify } from 'csv-stringify';
import { stream as excelStream } from 'exceljs';
import { once } from 'node:events';
import * as fs from 'node:fs';
import { Writable } from 'node:stream';
import { flatCell } from './export-cells';

export type ExportFormat = 'csv' | 'xlsx' | 'json';

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
 * Streaming writers: each row goes straight to the file (with back-pressure), so memory stays flat whatever the
 * export size. CSV and XLSX get one column per record attribute and per readable field; JSON keeps values typed.
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
  const out = fs.createWriteStream(file);
  // A BOM lets spreadsheet programs read the file as UTF-8 (names with accents).
  const csv = stringify({ header: true, columns: [...recordColumns, ...fieldColumns], bom: true, cast: { boolean: (v) => String(v) } });
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
  const out = fs.createWriteStream(file);
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
  const out = fs.createWriteStream(file);
  const workbook = new excelStream.xlsx.WorkbookWriter({ stream: out as unknown as Writable, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('cases');
  sheet.columns = [...recordColumns, ...fieldColumns].map((key) => ({ header: key, key }));
  return {
    async write(row) {
      sheet.addRow(flatValues(row, recordColumns, fieldColumns)).commit();
    },
    async close() {
      sheet.commit();
      await workbook.commit();
      if (!out.closed) await once(out, 'close');
    },
  };
}
