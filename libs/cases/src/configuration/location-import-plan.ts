import { LocationNode, PackProblem, parseLocationsCsv } from '@tutela/forms';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { canonicalJson } from './canonical-json';

export interface LocationImportPlan {
  problems: PackProblem[];
  /** New or changed nodes (names, disabled): what an upsert writes. */
  changes: LocationNode[];
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Plans an import of a location CSV over the stored tree. The CSV may hold only new or changed places: rows whose
 * parent is already stored are resolved against it, by appending the stored places the CSV does not mention after
 * its last line (row numbers of the upload stay as they were). Codes, parents and levels are read-only once created:
 * they are what stored cases and user scopes point at.
 */
export function planLocationImport(csv: string, stored: readonly LocationNode[], file: string): LocationImportPlan {
  const upload = uploadedRows(csv);
  const empty = { changes: [], rows: 0, created: 0, updated: 0, unchanged: 0 };
  if (!upload) return { ...empty, problems: parseLocationsCsv(csv, file).problems };

  const byCode = new Map(stored.map((n) => [n.code, n]));
  const others = stored.filter((n) => !upload.rowOf.has(n.code));
  const text = others.length > 0 ? `${csv.replace(/\s*$/, '')}\n${stringify(others.map((n) => rowFor(n, upload.header)))}` : csv;
  const parsed = parseLocationsCsv(text, file);
  // Appended rows come from a consistent stored tree; a problem there is a consequence of an uploaded row's own.
  const problems = parsed.problems.filter((p) => p.row === undefined || p.row <= upload.lastLine);

  for (const [code, row] of upload.rowOf) {
    const before = byCode.get(code);
    const after = parsed.nodes.find((n) => n.code === code);
    if (!before || !after) continue;
    if (after.level !== before.level) problems.push(readOnly(file, row, 'level', `the level of "${code}" is ${before.level} and cannot change`));
    if (after.parentCode !== before.parentCode) problems.push(readOnly(file, row, 'parent_code', `the parent of "${code}" is "${before.parentCode ?? ''}" and cannot change`));
  }
  if (problems.length > 0) return { ...empty, rows: upload.rowOf.size, problems };

  const mine = parsed.nodes.filter((n) => upload.rowOf.has(n.code));
  const changes = mine.filter((n) => {
    const before = byCode.get(n.code);
    return !before || canonicalJson(before.name) !== canonicalJson(n.name) || Boolean(before.disabled) !== Boolean(n.disabled);
  });
  const created = changes.filter((n) => !byCode.has(n.code)).length;
  return { problems, changes, rows: mine.length, created, updated: changes.length - created, unchanged: mine.length - changes.length };
}

const readOnly = (file: string, row: number, column: string, message: string): PackProblem => ({ file, path: `/rows/${row}/${column}`, message, row, column });

/** Header and the line of each code, read loosely: parseLocationsCsv reports anything malformed. */
function uploadedRows(csv: string): { header: string[]; rowOf: Map<string, number>; lastLine: number } | undefined {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true }) as unknown as typeof records;
  } catch {
    return undefined;
  }
  if (records.length === 0) return undefined;
  const header = records[0].record.map((h) => h.toLowerCase());
  const codeAt = header.indexOf('code');
  const rowOf = new Map<string, number>();
  for (const { record, info } of records.slice(1)) if (codeAt >= 0 && record[codeAt] && !rowOf.has(record[codeAt])) rowOf.set(record[codeAt], info.lines);
  return { header, rowOf, lastLine: records[records.length - 1].info.lines };
}

/** A stored place in the upload's own columns; its first name column falls back to any name it has. */
function rowFor(node: LocationNode, header: string[], fallbackName = true): string[] {
  const firstName = header.find((h) => h.startsWith('name_'));
  return header.map((column) => {
    if (column === 'code') return node.code;
    if (column === 'parent_code') return node.parentCode ?? '';
    if (column === 'level') return String(node.level);
    if (column === 'disabled') return node.disabled ? 'true' : 'false';
    if (column.startsWith('name_')) return node.name[column.slice(5)] ?? (fallbackName && column === firstName ? (Object.values(node.name)[0] ?? node.code) : '');
    return '';
  });
}

/** The stored tree as a pack CSV (every locale that names a place gets a column). */
export function locationsToCsv(nodes: readonly LocationNode[]): string {
  const locales = [...new Set(nodes.flatMap((n) => Object.keys(n.name)))].sort();
  const header = ['code', 'parent_code', 'level', ...locales.map((l) => `name_${l}`), 'disabled'];
  return stringify([header, ...[...nodes].sort((a, b) => a.path.localeCompare(b.path)).map((n) => rowFor(n, header, false))]);
}
