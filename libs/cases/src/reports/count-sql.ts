/** One set of rows to count: FROM (joins included), conditions, group keys, and the count expression. */
export interface CountSource {
  from: string;
  where: string[];
  keys: string[];
  /** `count(*)` over cases, `sum(c.cases)` over precomputed cells. */
  count: string;
}

/**
 * One statement adding up the counts of several sources per group key (`k0`, `k1`…, `n`), largest first; without
 * keys, a single row `n`. Sources are disjoint by construction (the live part excludes what the cells cover), so a
 * sum is exact.
 */
export function countSql(sources: CountSource[]): string {
  const width = sources[0].keys.length;
  const groups = Array.from({ length: width }, (_, i) => i + 1).join(', ');
  const parts = sources.map((source) => {
    const select = [...source.keys.map((key, i) => `${key} AS k${i}`), `${source.count} AS n`].join(', ');
    const where = source.where.length ? ` WHERE ${source.where.join(' AND ')}` : '';
    return `SELECT ${select} FROM ${source.from}${where}${width ? ` GROUP BY ${groups}` : ''}`;
  });
  const union = parts.join(' UNION ALL ');
  if (width === 0) return `SELECT coalesce(sum(n), 0)::int AS n FROM (${union}) u`;
  const keys = Array.from({ length: width }, (_, i) => `k${i}`).join(', ');
  return `SELECT ${keys}, sum(n)::int AS n FROM (${union}) u GROUP BY ${groups} ORDER BY n DESC, ${groups}`;
}
