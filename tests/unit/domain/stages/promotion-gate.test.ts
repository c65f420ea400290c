import { describe, expect, it } from 'vitest';
import { CHECKLIST_ITEMS } from '@/domain/stages/checklist-items';
import { median, promotionGate, stageCriteria, type ChecklistState, type StageEvidence } from '@/domain/stages/promotion-gate';

const good: StageEvidence = {
  dailyReturns: 60, sharpe: 1.4, maxDrawdown: 0.05, trades: 140, firstHalfExpectancy: 3, secondHalfExpectancy: 2, violations: 0,
  slippageBps: Array.from({ length: 40 }, (_, i) => (i % 5) - 1), paper: { dailyReturns: 90, sharpe: 1.3, expectancy: 2.6 }, expectancy: 2.5,
  restarts: 0, heartbeatGaps: 0, systemErrors: 0, days: 60,
  regimes: [{ regime: 'up', trades: 40, expectancy: 3 }, { regime: 'down', trades: 25, expectancy: 0.5 }, { regime: 'range', trades: 50, expectancy: 1 }, { regime: 'high_volatility', trades: 21, expectancy: 0 }],
  riskEvents: 12,
};
const checklist = (over: Partial<Record<string, Partial<ChecklistState>>> = {}): ChecklistState[] => CHECKLIST_ITEMS.map(([key, , , , isAutomatic, requiredFor]) => ({
  key, isAutomatic, requiredFor,
  ...(isAutomatic ? { check: { status: 'verified' as const, evidence: 'ok', checkedAt: new Date(0) } } : { tick: { by: 'op@x', at: new Date(0) } }),
  ...over[key],
}));
const gate = (ordinal: number, e: StageEvidence, list = checklist(), tradingMode: 'PAPER' | 'LIVE' = 'LIVE') => promotionGate({
  current: { ordinal, name: `stage ${ordinal}` }, next: ordinal < 4 ? { ordinal: ordinal + 1, name: `stage ${ordinal + 1}`, mode: 'LIVE' } : null,
  tradingMode, criteria: stageCriteria(ordinal, e), checklist: list,
});

describe('stage criteria', () => {
  it('paper: every criterion met on good evidence, with value, threshold and sample', () => {
    const c = stageCriteria(1, good);
    expect(c.map((x) => [x.key, x.status])).toEqual([['sharpe', 'met'], ['max_drawdown', 'met'], ['violations', 'met'], ['stable_trades', 'met']]);
    expect(c[0]).toMatchObject({ value: '1.40', threshold: '> 1.00', sample: '60 daily returns (min 30)', source: { href: '/performance' } });
  });

  it('paper: under the minimum samples a criterion is insufficient, never met, however good the value', () => {
    const c = stageCriteria(1, { ...good, dailyReturns: 29, trades: 99 });
    expect(c.find((x) => x.key === 'sharpe')!.status).toBe('insufficient');
    expect(c.find((x) => x.key === 'max_drawdown')!.status).toBe('insufficient');
    expect(c.find((x) => x.key === 'stable_trades')!.status).toBe('insufficient');
  });

  it('paper: fails on Sharpe, drawdown, a violation, or a losing half', () => {
    const status = (e: Partial<StageEvidence>, key: string) => stageCriteria(1, { ...good, ...e }).find((x) => x.key === key)!.status;
    expect(status({ sharpe: 1 }, 'sharpe')).toBe('not_met');
    expect(status({ maxDrawdown: 0.08 }, 'max_drawdown')).toBe('not_met');
    expect(status({ violations: 1 }, 'violations')).toBe('not_met');
    expect(status({ secondHalfExpectancy: -0.1 }, 'stable_trades')).toBe('not_met');
  });

  it('small live: matches paper within 20%, slippage median under 5 bps over enough fills, no crashes', () => {
    expect(stageCriteria(2, good).map((x) => [x.key, x.status])).toEqual([['matches_paper', 'met'], ['slippage', 'met'], ['no_errors', 'met'], ['risk_rules', 'met']]);
    const s = (e: Partial<StageEvidence>, key: string) => stageCriteria(2, { ...good, ...e }).find((x) => x.key === key)!.status;
    expect(s({ sharpe: 1.0 }, 'matches_paper')).toBe('not_met'); // 1.0 vs 1.3 is 23% below
    expect(s({ paper: null }, 'matches_paper')).toBe('insufficient');
    expect(s({ slippageBps: Array(40).fill(6) }, 'slippage')).toBe('not_met');
    expect(s({ slippageBps: [0, 1] }, 'slippage')).toBe('insufficient');
    expect(s({ restarts: 1 }, 'no_errors')).toBe('not_met');
    expect(s({ days: 3 }, 'no_errors')).toBe('insufficient');
  });

  it('medium live: each regime needs 20 trades and a non-negative expectancy; monitoring is not verifiable yet', () => {
    const c = stageCriteria(3, good);
    expect(c.find((x) => x.key === 'regimes')!.status).toBe('met');
    expect(c.filter((x) => x.key.startsWith('monitoring')).every((x) => x.status === 'not_verifiable')).toBe(true);
    const r = (regimes: StageEvidence['regimes']) => stageCriteria(3, { ...good, regimes }).find((x) => x.key === 'regimes')!.status;
    expect(r(good.regimes.map((x) => (x.regime === 'down' ? { ...x, expectancy: -0.2 } : x)))).toBe('not_met');
    expect(r(good.regimes.filter((x) => x.regime !== 'high_volatility'))).toBe('insufficient');
  });

  it('median', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('promotion gate', () => {
  it('opens only with every criterion met, the checklist complete and a trading mode that allows the next stage', () => {
    expect(gate(1, good)).toEqual({ canPromote: true, reasons: [] });
  });

  it('names each reason: a criterion, an unticked item, a check not verifiable yet, the trading mode', () => {
    const g = gate(1, { ...good, dailyReturns: 10 }, checklist({ 'risk.sizing': { tick: null }, 'env.credentials': { check: { status: 'not_verifiable', evidence: 'later', checkedAt: new Date(0) } } }), 'PAPER');
    expect(g.canPromote).toBe(false);
    expect(g.reasons).toEqual([
      'stage 2 trades live: the worker runs with TRADING_MODE=paper',
      'Sharpe ratio: not enough data yet (10 daily returns (min 30))',
      'Max drawdown: not enough data yet (10 daily returns (min 30))',
      'Checklist: Exchange credentials configured and tested — not verifiable yet',
      'Checklist: Position sizing verified — not ticked',
    ]);
  });

  it('an item needed only for a later stage does not block an earlier promotion', () => {
    const list = checklist({ 'ops.backup': { check: { status: 'not_verifiable', evidence: 'later', checkedAt: new Date(0) } } });
    expect(gate(1, good, list).canPromote).toBe(true);
    expect(gate(3, good, list).reasons).toContain('Checklist: Backups in place — not verifiable yet');
  });

  it('the last stage cannot be promoted', () => {
    expect(gate(4, good)).toEqual({ canPromote: false, reasons: ['stage 4 is the last stage'] });
  });
});
