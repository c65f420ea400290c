import { describe, expect, it } from 'vitest';
import { draftToRequest, parseValues } from '@/components/research/sweep-draft';
import { nextSort, sortRuns } from '@/components/research/sort-runs';

const run = (id: string, m: { totalReturnPct: number; maxDrawdownPct: number; profitFactor: number | null } | null) =>
  ({ id, metrics: m && { trades: 1, sharpe: 0, winRate: 0, ...m } });

describe('Research page helpers', () => {
  it('sorts runs by a metric, unfinished runs last in both directions, a profit factor of ∞ above every finite one', () => {
    const runs = [run('a', { totalReturnPct: 2, maxDrawdownPct: 5, profitFactor: 1.2 }), run('q', null), run('b', { totalReturnPct: -1, maxDrawdownPct: 1, profitFactor: null }),
      run('c', { totalReturnPct: 9, maxDrawdownPct: 12, profitFactor: 3 })];
    expect(sortRuns(runs, { key: 'totalReturnPct', isDescending: true }).map((r) => r.id)).toEqual(['c', 'a', 'b', 'q']);
    expect(sortRuns(runs, { key: 'totalReturnPct', isDescending: false }).map((r) => r.id)).toEqual(['b', 'a', 'c', 'q']);
    expect(sortRuns(runs, { key: 'profitFactor', isDescending: true }).map((r) => r.id)).toEqual(['b', 'c', 'a', 'q']);
  });

  it('a first click puts the best on top (lowest drawdown, highest return); a second reverses', () => {
    expect(nextSort({ key: 'totalReturnPct', isDescending: true }, 'maxDrawdownPct')).toEqual({ key: 'maxDrawdownPct', isDescending: false });
    expect(nextSort({ key: 'sharpe', isDescending: false }, 'totalReturnPct')).toEqual({ key: 'totalReturnPct', isDescending: true });
    expect(nextSort({ key: 'sharpe', isDescending: true }, 'sharpe')).toEqual({ key: 'sharpe', isDescending: false });
  });

  it('reads comma-separated values, names a token that is not a number, counts the runs of the grid', () => {
    expect(parseValues(' 50, 100,,200 ')).toEqual({ values: [50, 100, 200], bad: [] });
    expect(parseValues('50, fifty')).toEqual({ values: [50], bad: ['fifty'] });
    const d = draftToRequest({
      name: ' s ', timeframe: '1h', equity: '1000', symbols: ['BTCUSDT', 'ETHUSDT'], periods: [{ from: '2024-01-01', to: '2024-02-01' }, { from: '2023-01-01', to: '2023-02-01' }],
      strategies: { ema_cross: { isIncluded: true, values: { fast: '50, 100', slow: '' } }, rsi_reversion: { isIncluded: false, values: { oversold: '20,25' } } },
    });
    expect(d.request).toMatchObject({ name: 's', equity: 1000, strategies: [{ name: 'ema_cross', params: { fast: [50, 100] } }] });
    expect(d.runs).toBe(2 * 2 * 2);
    expect(d.problems).toEqual([]);
    const bad = draftToRequest({ name: 'x', timeframe: '1h', equity: '1', symbols: [], periods: [{ from: '', to: '2024-01-01' }], strategies: { ema_cross: { isIncluded: true, values: { fast: 'x' } } } });
    expect(bad.problems).toEqual(['ema_cross fast: "x" is not a number', 'choose at least one symbol', 'every period needs a from and a to date']);
  });
});
