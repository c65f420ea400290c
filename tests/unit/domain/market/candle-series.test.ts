import { describe, expect, it } from 'vitest';
import { indexAtOrBefore, splitSymbol } from '@/domain/market/candle-series';

describe('splitSymbol', () => {
  it.each([
    ['BTCUSDT', { base: 'BTC', quote: 'USDT' }], ['btc/usdt', { base: 'BTC', quote: 'USDT' }], ['ETHBTC', { base: 'ETH', quote: 'BTC' }],
    ['SOLFDUSD', { base: 'SOL', quote: 'FDUSD' }], ['USDT', undefined], ['XYZ', undefined],
  ])('%s', (raw, expected) => expect(splitSymbol(raw)).toEqual(expected));
});

describe('indexAtOrBefore', () => {
  const s = { time: new Float64Array([10, 20, 40]), length: 3 };
  it.each([[5, -1], [10, 0], [15, 0], [20, 1], [39, 1], [40, 2], [99, 2]])('t=%s → %s', (t, i) => expect(indexAtOrBefore(s, t)).toBe(i));
});
