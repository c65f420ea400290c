import { describe, expect, it } from 'vitest';
import { resolveExit, type ExitPosition } from '@/domain/fills/resolve-exit';
import type { Candle } from '@/domain/fills/types';
import { candle, config, filled, market } from './support';

const long = (over: Partial<ExitPosition> = {}): ExitPosition => ({ side: 'LONG', quantity: 1, stopPrice: 95, targetPrice: 108, ...over });
const exitIn = (c: Candle, p: ExitPosition = long()) => resolveExit(p, c, market(), config());
const priceOf = (r: ReturnType<typeof exitIn>) => (r.exit === 'NONE' ? null : filled(r.fill).price);

describe('resolveExit: long', () => {
  it('stop and target both inside the candle: the stop is assumed first', () => {
    // range 90–110 holds stop 95 and target 108; stop-market: 95 × 0.999 = 94.905 → 94.90
    const r = exitIn(candle());
    expect(r.exit).toBe('STOP');
    expect(priceOf(r)).toBe(94.9);
    expect(r.exit !== 'NONE' && r.order).toEqual({ type: 'STOP', side: 'SELL', quantity: 1, stopPrice: 95 });
  });

  it('only the target traded through: target at its price, maker', () => {
    const r = exitIn(candle({ low: 96 }));
    expect(r.exit).toBe('TARGET');
    expect(r.exit !== 'NONE' && filled(r.fill)).toMatchObject({ price: 108, liquidity: 'MAKER' });
  });

  it('a target only touched is no exit; a stop only touched is', () => {
    expect(exitIn(candle({ low: 96, high: 108 })).exit).toBe('NONE');
    expect(exitIn(candle({ low: 95, high: 107 })).exit).toBe('STOP');
  });

  it('an open below the stop exits at the open (gap), whatever the range', () => {
    // open 93: 93 × 0.999 = 92.907 → 92.90
    const r = exitIn(candle({ open: 93, high: 110 }));
    expect(r.exit).toBe('STOP');
    expect(priceOf(r)).toBe(92.9);
  });

  it('an open above the target came first: target, even if the stop is also in the range', () => {
    const r = exitIn(candle({ open: 109, high: 110, low: 90 }));
    expect(r.exit).toBe('TARGET');
    expect(priceOf(r)).toBe(108);
  });

  it('no target: only the stop can exit', () => {
    expect(exitIn(candle({ low: 96 }), long({ targetPrice: null })).exit).toBe('NONE');
    expect(exitIn(candle(), long({ targetPrice: null })).exit).toBe('STOP');
  });

  it('a candle between stop and target: no exit', () => {
    expect(exitIn(candle({ low: 96, high: 107 }))).toEqual({ exit: 'NONE' });
  });
});

describe('resolveExit: short (mirror)', () => {
  const short = long({ side: 'SHORT', stopPrice: 105, targetPrice: 92 });

  it('both inside: the stop (a buy) first, slipped up: 105 × 1.001 = 105.105 → 105.11', () => {
    const r = exitIn(candle(), short);
    expect(r.exit).toBe('STOP');
    expect(r.exit !== 'NONE' && r.order.side).toBe('BUY');
    expect(priceOf(r)).toBe(105.11);
  });

  it('only the target: buys back at 92', () => {
    const r = exitIn(candle({ high: 104 }), short);
    expect(r.exit).toBe('TARGET');
    expect(priceOf(r)).toBe(92);
  });
});
