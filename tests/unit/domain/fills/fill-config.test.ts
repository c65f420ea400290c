import { describe, expect, it } from 'vitest';
import { DEFAULT_FILL_CONFIG, fillConfig } from '@/domain/fills/fill-config';

describe('fillConfig', () => {
  it('defaults to Binance spot fees: 0.1% maker, 0.1% taker, and never zero slippage', () => {
    expect(DEFAULT_FILL_CONFIG).toMatchObject({ makerFeeRate: 0.001, takerFeeRate: 0.001, maxVolumeShare: 0.1 });
    expect(DEFAULT_FILL_CONFIG.slippageBps).toBeGreaterThan(0);
  });

  it('replaces only the given fields', () => {
    expect(fillConfig({ makerFeeRate: 0.0002, priceTick: 0.01 })).toEqual({ ...DEFAULT_FILL_CONFIG, makerFeeRate: 0.0002, priceTick: 0.01 });
  });
});
