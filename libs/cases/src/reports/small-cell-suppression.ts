export interface AggregateCell {
  key: Record<string, string | null>;
  count: number | null;
  suppressed?: true;
}

/**
 * Small-cell suppression for statistics-only roles: a count below the threshold could identify a child, so it is
 * replaced by `null`. Complementary suppression then hides the next smallest cells until the hidden cells add up to
 * at least the threshold (and are never a single cell), so the total minus the visible cells cannot reveal one.
 * Returns whether anything was hidden; the total is hidden too when it is itself small.
 */
export function suppressSmallCells(cells: AggregateCell[], total: number, threshold: number): { cells: AggregateCell[]; total: number | null } {
  const counts = cells.map((c) => c.count ?? 0);
  const hidden = new Set<number>();
  counts.forEach((n, i) => {
    if (n > 0 && n < threshold) hidden.add(i);
  });
  const order = counts.map((n, i) => ({ n, i })).sort((x, y) => x.n - y.n);
  const hiddenSum = () => [...hidden].reduce((s, i) => s + counts[i], 0);
  for (const { i } of order) {
    if (hidden.size === 0 || (hidden.size > 1 && hiddenSum() >= threshold)) break;
    hidden.add(i);
  }
  const out = cells.map((cell, i) => (hidden.has(i) ? { key: cell.key, count: null, suppressed: true as const } : cell));
  return { cells: out, total: total > 0 && total < threshold ? null : total };
}
