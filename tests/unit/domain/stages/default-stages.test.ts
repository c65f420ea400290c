import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES, effectiveAllocation, isModeAllowed, type StageMode } from '@/domain/stages/default-stages';

describe('DEFAULT_STAGES', () => {
  it("are the mission's 5% / 10% / 25% / 100% stages, paper first, in order", () => {
    expect(DEFAULT_STAGES.map((s) => [s.ordinal, s.mode, Number(s.allocationFraction)])).toEqual([
      [1, 'PAPER', 0.05],
      [2, 'LIVE', 0.1],
      [3, 'LIVE', 0.25],
      [4, 'LIVE', 1],
    ]);
  });

  it('store allocations as decimal strings', () => {
    expect(DEFAULT_STAGES.map((s) => s.allocationFraction)).toEqual(['0.05', '0.10', '0.25', '1']);
  });

  it('require no risk violations and at least 100 trades to leave paper', () => {
    expect(DEFAULT_STAGES[0].criteria).toMatchObject({ maxViolations: 0, minTrades: 100 });
  });
});

describe('isModeAllowed', () => {
  // [stage mode, TRADING_MODE, allowed]
  const matrix: [StageMode, StageMode, boolean][] = [
    ['BACKTEST', 'BACKTEST', true], ['PAPER', 'BACKTEST', false], ['LIVE', 'BACKTEST', false],
    ['BACKTEST', 'PAPER', true], ['PAPER', 'PAPER', true], ['LIVE', 'PAPER', false],
    ['BACKTEST', 'LIVE', true], ['PAPER', 'LIVE', true], ['LIVE', 'LIVE', true],
  ];

  it.each(matrix)('a %s stage under TRADING_MODE %s: %s', (stageMode, tradingMode, allowed) => {
    expect(isModeAllowed(stageMode, tradingMode)).toBe(allowed);
  });

  it('no LIVE stage can be entered while TRADING_MODE is paper', () => {
    for (const stage of DEFAULT_STAGES.filter((s) => s.mode === 'LIVE')) {
      expect(isModeAllowed(stage.mode, 'PAPER')).toBe(false);
    }
  });
});

describe('effectiveAllocation', () => {
  const fraction = fc.double({ min: 0, max: 1, noNaN: true });

  it('takes the smaller of the stage allocation and the cap', () => {
    fc.assert(fc.property(fraction, fraction, (stage, cap) => {
      const result = effectiveAllocation(stage, cap);
      expect(result).toBeLessThanOrEqual(stage);
      expect(result).toBeLessThanOrEqual(cap);
      expect([stage, cap]).toContain(result);
    }));
  });

  it('is symmetric', () => {
    fc.assert(fc.property(fraction, fraction, (a, b) => {
      expect(effectiveAllocation(a, b)).toBe(effectiveAllocation(b, a));
    }));
  });

  it('caps a 25% stage at CAPITAL_ALLOCATION 0.1, and leaves it under the default cap of 1', () => {
    expect(effectiveAllocation(0.25, 0.1)).toBe(0.1);
    expect(effectiveAllocation(0.25, 1)).toBe(0.25);
  });
});
