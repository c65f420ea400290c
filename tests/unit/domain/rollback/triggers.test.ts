import { describe, expect, it } from 'vitest';
import { drawdownBeyondMax, evaluateRollbackTriggers, riskViolation, sharpeDegradation, slippageIncrease, type TriggerInput } from '@/domain/rollback/triggers';

const perf = (o: Partial<TriggerInput['current']> = {}) => ({ dailyReturns: 40, sharpe: 1.5, maxDrawdown: 0.04, slippageBps: [] as number[], ...o });
const input = (o: Partial<TriggerInput> = {}): TriggerInput => ({
  stage: { ordinal: 2, name: 'Small live' }, current: perf(), previous: { ...perf(), name: 'Paper' },
  drawdownHistory: [{ source: 'stage Paper', maxDrawdown: 0.06 }], violations: [], violationCount: 0, ...o,
});

describe('automatic rollback triggers', () => {
  it('at the first stage every trigger is not applicable: there is nothing lower', () => {
    const r = evaluateRollbackTriggers(input({ stage: { ordinal: 1, name: 'Paper' }, previous: null, violationCount: 3 }));
    expect(r.map((x) => x.status)).toEqual(['NOT_APPLICABLE', 'NOT_APPLICABLE', 'NOT_APPLICABLE', 'NOT_APPLICABLE']);
  });

  describe('Sharpe degradation', () => {
    it('fires below the baseline by more than 20% of it, not at 20%', () => {
      expect(sharpeDegradation(input({ current: perf({ sharpe: 1.19 }) })).status).toBe('FIRED');
      expect(sharpeDegradation(input({ current: perf({ sharpe: 1.2 }) })).status).toBe('OK');
      expect(sharpeDegradation(input({ current: perf({ sharpe: 2 }) })).status).toBe('OK');
    });
    it('a negative baseline is degraded by going more than 20% of its size further down', () => {
      const prev = { ...perf({ sharpe: -1 }), name: 'Paper' };
      expect(sharpeDegradation(input({ previous: prev, current: perf({ sharpe: -1.21 }) })).status).toBe('FIRED');
      expect(sharpeDegradation(input({ previous: prev, current: perf({ sharpe: -1.19 }) })).status).toBe('OK');
    });
    it('needs 30 daily returns on both sides, otherwise reports not enough data and never fires', () => {
      const thin = sharpeDegradation(input({ current: perf({ sharpe: -5, dailyReturns: 29 }) }));
      expect(thin).toMatchObject({ status: 'NOT_ENOUGH_DATA' });
      expect(thin.message).toMatch(/29 daily returns in Small live and 40 in Paper \(30 each needed\)/);
      expect(sharpeDegradation(input({ current: perf({ sharpe: -5 }), previous: { ...perf({ dailyReturns: 10 }), name: 'Paper' } })).status).toBe('NOT_ENOUGH_DATA');
      expect(sharpeDegradation(input({ current: perf({ sharpe: -5, dailyReturns: 30 }) })).status).toBe('FIRED');
    });
  });

  describe('drawdown beyond the historical maximum', () => {
    it('fires when the stage went deeper than the worst backtest or earlier stage', () => {
      const history = [{ source: 'backtest a', maxDrawdown: 0.05 }, { source: 'stage Paper', maxDrawdown: 0.07 }];
      const r = drawdownBeyondMax(input({ drawdownHistory: history, current: perf({ maxDrawdown: 0.071 }) }));
      expect(r).toMatchObject({ status: 'FIRED', evidence: { historicalMax: 0.07, historicalMaxSource: 'stage Paper' } });
      expect(drawdownBeyondMax(input({ drawdownHistory: history, current: perf({ maxDrawdown: 0.07 }) })).status).toBe('OK');
    });
    it('without any history it cannot judge', () => {
      expect(drawdownBeyondMax(input({ drawdownHistory: [], current: perf({ maxDrawdown: 0.5 }) })).status).toBe('NOT_ENOUGH_DATA');
    });
  });

  describe('slippage increase', () => {
    const fills = (n: number, bps: number) => Array.from({ length: n }, () => bps);
    const prev = (bps: number, n = 20) => ({ ...perf({ slippageBps: fills(n, bps) }), name: 'Paper' });
    it('fires when the median of the last 50 fills is more than double the previous stage and above 5 bps', () => {
      expect(slippageIncrease(input({ previous: prev(2), current: perf({ slippageBps: fills(50, 5.1) }) })).status).toBe('FIRED');
      expect(slippageIncrease(input({ previous: prev(2), current: perf({ slippageBps: fills(50, 5) }) })).status).toBe('OK'); // not above 5 bps
      expect(slippageIncrease(input({ previous: prev(3), current: perf({ slippageBps: fills(50, 6) }) })).status).toBe('OK'); // exactly double
      expect(slippageIncrease(input({ previous: prev(3), current: perf({ slippageBps: fills(50, 6.01) }) })).status).toBe('FIRED');
    });
    it('only the newest 50 fills count', () => {
      const r = slippageIncrease(input({ previous: prev(1), current: perf({ slippageBps: [...fills(100, 40), ...fills(50, 1)] }) }));
      expect(r).toMatchObject({ status: 'OK', evidence: { medianBps: 1 } });
    });
    it('needs 50 fills in the stage and 20 in the previous one', () => {
      expect(slippageIncrease(input({ previous: prev(1), current: perf({ slippageBps: fills(49, 50) }) })).status).toBe('NOT_ENOUGH_DATA');
      expect(slippageIncrease(input({ previous: prev(1, 19), current: perf({ slippageBps: fills(50, 50) }) })).status).toBe('NOT_ENOUGH_DATA');
    });
  });

  describe('risk-rule violation', () => {
    it('fires on any violation recorded in the stage, naming the newest', () => {
      const v = { rule: 'exposure.asset', subject: 'BTC', message: 'BTC exposure 45% above the 30% cap', observedAt: new Date('2026-11-01T00:00:00Z') };
      const r = riskViolation(input({ violations: [v], violationCount: 1 }));
      expect(r.status).toBe('FIRED');
      expect(r.message).toMatch(/1 risk-rule violation\(s\) in Small live, newest: exposure.asset BTC/);
      expect(riskViolation(input()).status).toBe('OK');
    });
  });
});
