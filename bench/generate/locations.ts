import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { BUILTIN_MALI_LOCATIONS } from './builtin-locations';

export interface BenchLocation {
  code: string;
  level: number;
  parentCode: string | null;
  /** ltree path of the codes from the root, e.g. `ML.ML09.ML0901`. */
  path: string;
  name: string;
}

/** Where cases live, with a weight each: what the generator draws `location_current` from. */
export interface LocationChoices {
  all: BenchLocation[];
  assignable: BenchLocation[];
  weights: number[];
  source: string;
}

interface RawLocation {
  code: string;
  level: number;
  parentCode: string | null;
  name: string;
  disabled?: boolean;
}

/** ltree labels allow only letters, digits and `_` (and `-` on PostgreSQL 16+, which we do not rely on). */
export const ltreeLabel = (code: string): string => code.replace(/[^A-Za-z0-9_]/g, '_');

/**
 * Reads `<packDir>/locations/*.csv` (code, parent_code, level, name_<locale>…), or the built-in Mali list when the
 * pack has none, and computes each node's path from its parent chain.
 */
export function loadLocations(packDir: string | undefined): LocationChoices {
  const dir = packDir ? path.join(packDir, 'locations') : undefined;
  const files = dir && fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort() : [];
  const raw = files.flatMap((file) => readCsv(path.join(dir as string, file)));
  const source = raw.length > 0 ? files.map((f) => path.join(dir as string, f)).join(', ') : 'built-in Mali list';
  return choicesOf(withPaths(raw.length > 0 ? raw : BUILTIN_MALI_LOCATIONS), source);
}

function readCsv(file: string): RawLocation[] {
  const records = parse(fs.readFileSync(file, 'utf8'), { bom: true, columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
  return records
    .filter((r) => r.code && r.level !== undefined && r.level !== '')
    .map((r) => ({
      code: r.code,
      level: Number(r.level),
      parentCode: r.parent_code || null,
      name: r.name_fr || r.name_en || Object.entries(r).find(([k, v]) => k.startsWith('name_') && v)?.[1] || r.code,
      disabled: ['true', '1', 'yes', 'oui'].includes((r.disabled ?? '').toLowerCase()),
    }));
}

function withPaths(raw: readonly RawLocation[]): BenchLocation[] {
  const byCode = new Map(raw.map((r) => [r.code, r]));
  const paths = new Map<string, string | null>();
  const pathOf = (code: string, seen: Set<string>): string | null => {
    if (paths.has(code)) return paths.get(code) as string | null;
    const node = byCode.get(code);
    // An unknown parent or a cycle leaves the node out rather than inventing a path for it.
    if (!node || seen.has(code)) return null;
    seen.add(code);
    const parentPath = node.parentCode === null ? '' : pathOf(node.parentCode, seen);
    const result = parentPath === null ? null : parentPath ? `${parentPath}.${ltreeLabel(code)}` : ltreeLabel(code);
    paths.set(code, result);
    return result;
  };
  return raw
    .filter((r) => !r.disabled)
    .map((r) => ({ code: r.code, level: r.level, parentCode: r.parentCode, name: r.name, path: pathOf(r.code, new Set()) }))
    .filter((r): r is BenchLocation => r.path !== null);
}

function choicesOf(all: BenchLocation[], source: string): LocationChoices {
  const hasChildren = new Set(all.map((l) => l.parentCode).filter((c): c is string => c !== null));
  const maxLevel = Math.max(...all.map((l) => l.level));
  // The demo forms take a cercle or a commune (admin levels 2-3): most children are recorded at their commune, a
  // few only at the cercle when the commune is unknown.
  const minLevel = Math.min(2, maxLevel);
  const assignable = all.filter((l) => l.level >= minLevel);
  const weights = assignable.map((l) => {
    if (hasChildren.has(l.code)) return 0.1;
    // Bamako's communes are cities of 300,000+ people each, with the heaviest caseloads.
    return l.path.split('.').includes('ML09') ? 5 : 1;
  });
  return { all, assignable, weights, source };
}
