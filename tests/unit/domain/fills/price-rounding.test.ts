import { describe, expect, it } from 'vitest';
import { applySlippage } from '@/domain/fills/apply-slippage';
import { limitPriceToTick } from '@/domain/fills/limit-price-to-tick';
import { priceAgainstTrader } from '@/domain/fills/price-against-trader';

describe('applySlippage', () => {
  it('a buy pays more, a sell gets less: 100 ± 10 bps', () => {
    expect(applySlippage(100, 'BUY', 10)).toBeCloseTo(100.1, 12);
    expect(applySlippage(100, 'SELL', 10)).toBeCloseTo(99.9, 12);
    expect(applySlippage(100, 'BUY', 0)).toBe(100);
  });
});

describe('priceAgainstTrader', () => {
  it('buys round up, sells round down to the tick', () => {
    expect(priceAgainstTrader(100.001, 'BUY', 0.01)).toBe(100.01);
    expect(priceAgainstTrader(100.009, 'SELL', 0.01)).toBe(100);
  });

  it('a price on the tick stays (no float drift: 0.1 + 0.2)', () => {
    expect(priceAgainstTrader(100.1, 'BUY', 0.01)).toBe(100.1);
    expect(priceAgainstTrader(0.1 + 0.2, 'BUY', 0.1)).toBe(0.3);
    expect(priceAgainstTrader(0.3, 'SELL', 0.1)).toBe(0.3);
  });

  it('tick 0 (unknown) leaves the price alone', () => {
    expect(priceAgainstTrader(100.0012345, 'BUY', 0)).toBe(100.0012345);
  });
});

describe('limitPriceToTick', () => {
  it('never crosses the limit: buys round down, sells round up', () => {
    expect(limitPriceToTick(92.005, 'BUY', 0.01)).toBe(92);
    expect(limitPriceToTick(107.995, 'SELL', 0.01)).toBe(108);
    expect(limitPriceToTick(92.01, 'BUY', 0.01)).toBe(92.01);
    expect(limitPriceToTick(92.005, 'BUY', 0)).toBe(92.005);
  });
});
