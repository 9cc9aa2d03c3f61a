import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchRow } from '../bench-row';

const HEADERS = ['scenario', 'throughput', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'ratio to floor', 'peak RSS'];

/** The table `npm run bench` prints: one line per row, notes numbered underneath. */
export function formatTable(rows: readonly BenchRow[]): string {
  const notes: string[] = [];
  const cells = rows.map((r) => {
    const mark = r.note ? ` [${notes.push(r.note)}]` : '';
    return [
      r.scenario + mark,
      `${formatNumber(r.figure)} ${r.unit}`,
      formatNumber(r.p50),
      formatNumber(r.p95),
      formatNumber(r.p99),
      r.errors === undefined ? '' : String(r.errors),
      r.floorLabel === '(floor)' ? '(floor)' : `${(r.ratio * 100).toFixed(0)}% of ${r.floorLabel}`,
      r.peakRssMb === undefined ? '' : `${r.peakRssMb} MiB`,
    ];
  });
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (values: string[]) => values.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line), '', ...notes.map((n, i) => `[${i + 1}] ${n}`)].join('\n');
}

/** Writes `bench/results/<ISO date>.json` (colons replaced, for file systems that refuse them) and returns its path. */
export function writeResults(dir: string, startedAt: Date, content: object): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  return file;
}

function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  return String(Math.round(value * 100) / 100);
}
