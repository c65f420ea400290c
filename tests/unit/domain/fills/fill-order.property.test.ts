import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillOrder } from '@/domain/fills/fill-order';
import { floorToStep } from '@/domain/risk/rounding';
import type { FillOrder } from '@/domain/fills/types';
import { candle, config, market } from './support';

const arbCandle = fc.record({
  open: fc.double({ min: 50, max: 150, noNaN: true }),
  spreadDown: fc.double({ min: 0, max: 30, noNaN: true }),
  spreadUp: fc.double({ min: 0, max: 30, noNaN: true }),
  volume: fc.double({ min: 0, max: 5_000, noNaN: true }),
}).map(({ open, spreadDown, spreadUp, volume }) => candle({ open, low: open - spreadDown, high: open + spreadUp, close: open, volume }));

const arbOrder: fc.Arbitrary<FillOrder> = fc.oneof(
  fc.record({ type: fc.constant('MARKET' as const), side: fc.constantFrom('BUY' as const, 'SELL' as const), quantity: fc.double({ min: 0, max: 500, noNaN: true }) }),
  fc.record({ type: fc.constant('STOP' as const), side: fc.constantFrom('BUY' as const, 'SELL' as const), quantity: fc.double({ min: 0, max: 500, noNaN: true }), stopPrice: fc.double({ min: 40, max: 160, noNaN: true }) }),
  fc.record({ type: fc.constantFrom('LIMIT' as const, 'TAKE_PROFIT' as const), side: fc.constantFrom('BUY' as const, 'SELL' as const), quantity: fc.double({ min: 0, max: 500, noNaN: true }), price: fc.double({ min: 40, max: 160, noNaN: true }) }),
);

describe('fillOrder: laws', () => {
  const cfg = config({ volumeImpactBps: 1 });

  it('a fill is never better than its reference, stays within the volume share, and filled + remaining = the stepped order', () => {
    fc.assert(fc.property(arbOrder, arbCandle, (order, c) => {
      const r = fillOrder(order, c, market(), cfg);
      if (r.status !== 'FILLED' && r.status !== 'PARTIAL') return;
      if (order.side === 'BUY') expect(r.price).toBeGreaterThanOrEqual(r.referencePrice);
      else expect(r.price).toBeLessThanOrEqual(r.referencePrice);
      if (order.type === 'LIMIT' || order.type === 'TAKE_PROFIT') {
        // floorToStep reads a price within float noise of a tick (158.74999999999) as on it: allow 1e-6 tick
        const noise = cfg.priceTick * 1e-6;
        if (order.side === 'BUY') expect(r.price).toBeLessThanOrEqual(order.price + noise);
        else expect(r.price).toBeGreaterThanOrEqual(order.price - noise);
      }
      expect(r.quantity).toBeLessThanOrEqual(cfg.maxVolumeShare * c.volume + 1e-9);
      expect(r.quantity + r.remainingQuantity).toBeCloseTo(floorToStep(order.quantity, 0.001), 9);
      expect(r.notional).toBeGreaterThanOrEqual(market().minNotional * (1 - 1e-9));
      expect(r.fee).toBeCloseTo(r.notional * r.feeRate, 9);
    }), { numRuns: 2_000 });
  });
});
