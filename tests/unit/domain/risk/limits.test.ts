import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, HARD_LIMITS } from '@/domain/risk/limits';

describe('hard limits', () => {
  it('are the mission numbers', () => {
    expect(HARD_LIMITS).toEqual({
      riskPerTradeFraction: 0.01, riskPerTradeAbsoluteMax: 0.02, maxAssetExposureFraction: 0.3, maxTotalExposureFraction: 0.5,
      maxLeverage: 2, dailyLossFraction: 0.05, drawdownReduceFraction: 0.1, drawdownPauseFraction: 0.15, drawdownLockFraction: 0.2,
      minRewardRisk: 1.5, reducedSizeMultiplier: 0.5, pauseCooldownHours: 72,
    });
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(HARD_LIMITS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
    expect(() => { (HARD_LIMITS as { maxLeverage: number }).maxLeverage = 10; }).toThrow(TypeError);
    expect(HARD_LIMITS.maxLeverage).toBe(2);
  });

  it('default to the hard limits, with risk per trade at the 1% default rather than the 2% maximum', () => {
    const { riskPerTradeAbsoluteMax: _max, reducedSizeMultiplier: _half, ...defaults } = HARD_LIMITS;
    expect(DEFAULT_LIMITS).toEqual(defaults);
    expect(DEFAULT_LIMITS.riskPerTradeFraction).toBeLessThan(HARD_LIMITS.riskPerTradeAbsoluteMax);
  });
});
