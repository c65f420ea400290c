/** The columns the runs table sorts by, and how each reads its value from a run. */
export const SORT_KEYS = {
  totalReturnPct: { label: 'Total return', higherIsBetter: true },
  sharpe: { label: 'Sharpe', higherIsBetter: true },
  maxDrawdownPct: { label: 'Max drawdown', higherIsBetter: false },
  profitFactor: { label: 'Profit factor', higherIsBetter: true },
  trades: { label: 'Trades', higherIsBetter: true },
  winRate: { label: 'Win rate', higherIsBetter: true },
} as const;
export type SortKey = keyof typeof SORT_KEYS;
export interface Sort { key: SortKey; isDescending: boolean }

interface Sortable {
  metrics: { trades: number; totalReturnPct: number; sharpe: number; maxDrawdownPct: number; profitFactor: number | null; winRate: number } | null;
}

/** A profit factor of null means no losing trade: it sorts above every finite one. */
function valueOf(run: Sortable, key: SortKey): number | null {
  if (!run.metrics) return null;
  const v = run.metrics[key];
  return v === null ? Number.POSITIVE_INFINITY : v;
}

/** Runs without metrics (queued, running, failed) always sort last, whatever the direction. */
export function sortRuns<T extends Sortable>(runs: readonly T[], sort: Sort): T[] {
  return [...runs].sort((a, b) => {
    const x = valueOf(a, sort.key);
    const y = valueOf(b, sort.key);
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    if (x === y) return 0;
    return (x < y ? -1 : 1) * (sort.isDescending ? -1 : 1);
  });
}

/** The first click on a column puts its best runs on top (lowest drawdown, highest return). */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, isDescending: !current.isDescending };
  return { key, isDescending: SORT_KEYS[key].higherIsBetter };
}
