import { parse } from 'csv-parse';
import type * as ExcelJS from 'exceljs';
import { FieldCatalogEntry } from '@tutela/forms';
import { Readable } from 'node:stream';
import { RECORD_COLUMNS } from '../exports/export-columns';

/** exceljs loads with the first XLSX file, not at every process start (see export-writer). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadExcel = (): typeof ExcelJS => require('exceljs');

export type ImportFormat = 'csv' | 'xlsx' | 'ndjson';

/** One row of an import file: its 1-based data row number (header excluded) and the case data it describes. */
export interface ImportRow {
  row: number;
  data: Record<string, unknown>;
}

/** A row that could not even be read (malformed JSON line): reported like a validation error of that row. */
export interface UnreadableRow {
  row: number;
  error: string;
}

/** PostgreSQL text and jsonb cannot hold U+0000: such a row would fail its whole chunk instead of itself. */
const NUL_MESSAGE = 'the row contains a NUL character (U+0000), which cannot be stored';

/**
 * Reads the rows of an import file. Flat formats (CSV, XLSX) carry text: values are typed from the field catalog
 * (numbers, booleans, `a;b` multi-selects, JSON subforms) and validation then judges them exactly like POST /cases.
 * The record columns of our own exports are ignored, so an export can be edited and imported back.
 */
export async function* readImportRows(format: ImportFormat, content: Buffer, catalog: FieldCatalogEntry[]): AsyncGenerator<ImportRow | UnreadableRow> {
  const types = new Map(catalog.map((f) => [f.name, f.type as string]));
  if (format === 'ndjson') {
    let row = 0;
    for (const line of ndjsonLines(content)) {
      row += 1;
      try {
        const parsed = JSON.parse(line) as unknown;
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        const record = parsed as Record<string, unknown>;
        const data = (record.data && typeof record.data === 'object' ? record.data : record) as Record<string, unknown>;
        yield holdsNul(data) ? { row, error: NUL_MESSAGE } : { row, data };
      } catch {
        yield { row, error: 'the line is not a JSON object' };
      }
    }
    return;
  }
  const records = format === 'csv' ? csvRecords(content) : xlsxRecords(content);
  let row = 0;
  for await (const record of records) {
    row += 1;
    yield Object.values(record).some((text) => text.includes('\0')) ? { row, error: NUL_MESSAGE } : { row, data: typedData(record, types) };
  }
}

/**
 * How many rows the file holds, for progress as done / total. NDJSON lines are counted without being parsed (a
 * malformed line is a row too); flat files are read once.
 */
export async function countImportRows(format: ImportFormat, content: Buffer): Promise<number> {
  let total = 0;
  if (format === 'ndjson') {
    for (const _line of ndjsonLines(content)) total += 1;
    return total;
  }
  for await (const _record of format === 'csv' ? csvRecords(content) : xlsxRecords(content)) total += 1;
  return total;
}

/**
 * The non-blank lines of an NDJSON file, each decoded on its own: a 40 MB file is never held as one string plus an
 * array of every line (which tripled the worker's memory on large imports).
 */
function* ndjsonLines(content: Buffer): Generator<string> {
  for (let start = 0; start < content.length; ) {
    const newline = content.indexOf(0x0a, start);
    const end = newline === -1 ? content.length : newline;
    const line = content.toString('utf8', start, end);
    if (line.trim()) yield line;
    start = end + 1;
  }
}

/** Groups rows into arrays of `size` (the last one shorter), in file order. */
export async function* inChunks<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([key, v]) => key.includes('\0') || holdsNul(v));
  return false;
}

async function* csvRecords(content: Buffer): AsyncGenerator<Record<string, string>> {
  const parser = Readable.from([content]).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, trim: true }));
  for await (const record of parser) yield record as Record<string, string>;
}

async function* xlsxRecords(content: Buffer): AsyncGenerator<Record<string, string>> {
  const workbook = new (loadExcel().Workbook)();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return;
  const header = (sheet.getRow(1).values as unknown[]).map((v) => (v === undefined || v === null ? '' : cellText(v)));
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const values = sheet.getRow(r).values as unknown[];
    if (!values.some((v) => v !== undefined && v !== null && v !== '')) continue;
    yield Object.fromEntries(header.map((name, i) => [name, values[i] === undefined || values[i] === null ? '' : cellText(values[i])]).filter(([name]) => name));
  }
}

function cellText(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (value && typeof value === 'object') {
    const cell = value as { text?: string; richText?: Array<{ text: string }>; result?: unknown };
    if (cell.richText) return cell.richText.map((t) => t.text).join('');
    if (cell.text !== undefined) return String(cell.text);
    if (cell.result !== undefined) return String(cell.result);
  }
  return String(value);
}

function typedData(record: Record<string, string>, types: Map<string, string>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(record)) {
    if (!name || RECORD_COLUMNS.includes(name)) continue;
    const text = unneutralise(raw.trim());
    if (text === '') continue;
    data[name] = typed(text, types.get(name));
  }
  return data;
}

/** Our exports prefix formula-like text with `'`; importing the file back restores the value. */
function unneutralise(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/** A value that does not convert stays text: validation then reports it with the field's pointer. */
function typed(text: string, type: string | undefined): unknown {
  switch (type) {
    case 'integer':
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'multiselect':
      return text.split(';').map((v) => v.trim()).filter(Boolean);
    case 'subform':
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    default:
      return text;
  }
}
