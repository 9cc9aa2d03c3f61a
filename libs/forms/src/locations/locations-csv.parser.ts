import { CsvError, parse } from 'csv-parse/sync';
import type { LocationNode, PackProblem } from '../definitions/pack.types';
import { LOCATION_CODE_PATTERN } from '../schema/field-schema.builder';

export const LOCATION_CSV_COLUMNS = ['code', 'parent_code', 'level', 'type', 'disabled'] as const;
const REQUIRED_COLUMNS = ['code', 'parent_code', 'level'];
const NAME_COLUMN = /^name_([a-z]{2,3}(?:-[a-z0-9]{2,8})*)$/;
const CODE = new RegExp(LOCATION_CODE_PATTERN);
const MAX_LEVEL = 5;
const BOOLEAN_TEXT: Record<string, boolean> = { '': false, false: false, '0': false, no: false, non: false, true: true, '1': true, yes: true, oui: true };

interface Row {
  row: number;
  code: string;
  parentCode: string | null;
  level: number;
  name: Record<string, string>;
  type?: string;
  disabled: boolean;
}

export interface LocationsCsvResult {
  nodes: LocationNode[];
  problems: PackProblem[];
}

/**
 * Parses a location CSV (`code,parent_code,level,name_fr,name_en[,type][,disabled]`) into nodes with ltree paths.
 * Every problem is reported with its row and column; a rejected row is left out, and so is everything under it,
 * so the nodes returned always form a consistent tree.
 */
export function parseLocationsCsv(text: string, file = 'locations.csv'): LocationsCsvResult {
  const problems: PackProblem[] = [];
  const report = (row: number, column: string | undefined, message: string): void => {
    problems.push({ file, path: `/rows/${row}${column ? `/${column}` : ''}`, message, row, ...(column && { column }) });
  };

  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    const line = error instanceof CsvError ? ((error as CsvError & { lines?: number }).lines ?? 1) : 1;
    report(line, undefined, `unreadable CSV: ${(error as Error).message}`);
    return { nodes: [], problems };
  }

  const columns = records.length > 0 ? Object.keys(records[0].record) : headerOf(text);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  const nameColumns = columns.filter((c) => NAME_COLUMN.test(c));
  for (const column of missing) report(1, column, `missing column "${column}"`);
  if (nameColumns.length === 0) report(1, undefined, 'missing a name column (name_<locale>, e.g. name_fr)');
  for (const column of columns) {
    if (!REQUIRED_COLUMNS.includes(column) && !NAME_COLUMN.test(column) && !LOCATION_CSV_COLUMNS.includes(column as never)) {
      report(1, column, `unknown column "${column}"`);
    }
  }
  if (missing.length > 0 || nameColumns.length === 0) return { nodes: [], problems };

  const rows = readRows(records, nameColumns, report);
  return { nodes: buildTree(rows, report), problems };
}

const headerOf = (text: string): string[] =>
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);

type Report = (row: number, column: string | undefined, message: string) => void;

function readRows(records: Array<{ record: Record<string, string>; info: { lines: number } }>, nameColumns: string[], report: Report): Row[] {
  const rows: Row[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const row = info.lines;
    const code = record.code ?? '';
    const parentCode = record.parent_code ? record.parent_code : null;
    const level = Number(record.level);
    const disabledText = (record.disabled ?? '').toLowerCase();
    const name: Record<string, string> = {};
    for (const column of nameColumns) if (record[column]) name[column.slice('name_'.length)] = record[column];

    let ok = true;
    const fail = (column: string | undefined, message: string): void => {
      ok = false;
      report(row, column, message);
    };
    if (!CODE.test(code)) fail('code', 'code must be 1-64 letters, digits or underscores');
    else if (seen.has(code)) fail('code', `duplicate code "${code}" (first on row ${seen.get(code)})`);
    if (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL || record.level === '') {
      fail('level', `level must be an integer from 0 to ${MAX_LEVEL}`);
    } else if (level === 0 && parentCode) fail('parent_code', 'a level-0 location has no parent');
    else if (level > 0 && !parentCode) fail('parent_code', 'parent_code is required below level 0');
    if (Object.keys(name).length === 0) fail(nameColumns[0], 'the location has no name');
    if (!(disabledText in BOOLEAN_TEXT)) fail('disabled', 'disabled must be true or false');

    if (CODE.test(code) && !seen.has(code)) seen.set(code, row);
    if (ok) {
      rows.push({ row, code, parentCode, level, name, disabled: BOOLEAN_TEXT[disabledText], ...(record.type && { type: record.type }) });
    }
  }
  return rows;
}

function buildTree(rows: Row[], report: Report): LocationNode[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const paths = new Map<string, string>();
  // Levels strictly increase downwards, so visiting level by level resolves every parent before its children.
  for (const row of [...rows].sort((a, b) => a.level - b.level)) {
    if (row.parentCode === null) {
      paths.set(row.code, row.code);
      continue;
    }
    const parent = byCode.get(row.parentCode);
    if (!parent) report(row.row, 'parent_code', `unknown parent "${row.parentCode}"`);
    else if (parent.level !== row.level - 1) {
      report(row.row, 'level', `level ${row.level} under "${parent.code}" (level ${parent.level}) must be ${parent.level + 1}`);
    } else if (!paths.has(parent.code)) report(row.row, 'parent_code', `parent "${row.parentCode}" was rejected`);
    else paths.set(row.code, `${paths.get(parent.code)}.${row.code}`);
  }
  return rows
    .filter((r) => paths.has(r.code))
    .map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level,
      parentCode: r.parentCode,
      path: paths.get(r.code)!,
      ...(r.type && { type: r.type }),
      ...(r.disabled && { disabled: true }),
    }));
}
