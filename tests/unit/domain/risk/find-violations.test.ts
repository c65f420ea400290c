import { describe, expect, it } from 'vitest';
import { findViolations, type ViolationInput } from '@/domain/risk/find-violations';
import { limits, position } from './support';

function input(over: Partial<ViolationInput> = {}): ViolationInput {
  return { equity: 10_000, limits: limits(), positions: [], closedTrades: [], exchangeOrders: [], ...over };
}
/** One BTC position of `notional` at mark 100. */
const btc = (notional: number, over = {}) => position({ quantity: notional / 100, markPrice: 100, ...over });

describe('findViolations', () => {
  it('finds none in a clean state', () => {
    expect(findViolations(input({
      positions: [btc(2_000), position({ id: 'eth', symbol: 'ETH/USDT', asset: 'ETH', quantity: 20 })],
      closedTrades: [{ id: 't1', plannedRisk: 100, realizedPnl: -100 }, { id: 't2', plannedRisk: 100, realizedPnl: 250 }],
      exchangeOrders: [{ clientOrderId: 'snl-1-1', hasApprovedDecision: true }],
    }))).toEqual([]);
  });

  describe('exposure.asset (30% + 2 points of tolerance)', () => {
    it('at and under 32% is not a violation (the price may drift after an approved entry)', () => {
      expect(findViolations(input({ positions: [btc(3_200)] }))).toEqual([]);
      expect(findViolations(input({ positions: [btc(3_199)] }))).toEqual([]);
    });

    it('over 32% is, per asset, at mark price', () => {
      expect(findViolations(input({ positions: [btc(3_201)] }))).toEqual([{ rule: 'exposure.asset', subject: 'BTC', value: 0.3201, limit: 0.3 }]);
      // bought at 50 (1,650 at entry), marked at 100
      expect(findViolations(input({ positions: [btc(3_300, { entryPrice: 50 })] }))[0]).toMatchObject({ rule: 'exposure.asset', value: 0.33 });
    });

    it('adds up the positions of one asset', () => {
      const positions = [btc(2_000), btc(1_300, { id: 'p2', symbol: 'BTC/USDC' })];
      expect(findViolations(input({ positions }))).toEqual([{ rule: 'exposure.asset', subject: 'BTC', value: 0.33, limit: 0.3 }]);
    });

    it('counts short positions at their absolute notional', () => {
      expect(findViolations(input({ positions: [btc(3_300, { side: 'SHORT', stopPrice: 105 })] }))[0]).toMatchObject({ rule: 'exposure.asset', value: 0.33 });
    });

    it('takes a configured tolerance and a tighter cap', () => {
      expect(findViolations(input({ positions: [btc(3_000)], exposureTolerance: 0 }))).toEqual([]);
      expect(findViolations(input({ positions: [btc(3_001)], exposureTolerance: 0 }))).toHaveLength(1);
      expect(findViolations(input({ positions: [btc(2_300)], limits: limits({ maxAssetExposureFraction: 0.2 }) })))
        .toEqual([{ rule: 'exposure.asset', subject: 'BTC', value: 0.23, limit: 0.2 }]);
    });
  });

  describe('exposure.total (50% + 2 points)', () => {
    const spread = (ethNotional: number) => [
      btc(2_500), position({ id: 'eth', symbol: 'ETH/USDT', asset: 'ETH', quantity: ethNotional / 100 }),
    ];

    it('at and under 52% is not a violation', () => {
      expect(findViolations(input({ positions: spread(2_700) }))).toEqual([]);
      expect(findViolations(input({ positions: spread(2_699) }))).toEqual([]);
    });

    it('over 52% is', () => {
      expect(findViolations(input({ positions: spread(2_701) }))).toEqual([{ rule: 'exposure.total', subject: 'total', value: 0.5201, limit: 0.5 }]);
    });
  });

  describe('stop.missing', () => {
    it.each([null, 0, -1, NaN])('reports a position whose stop is %s', (stopPrice) => {
      expect(findViolations(input({ positions: [btc(1_000, { id: 'naked', stopPrice })] })))
        .toEqual([{ rule: 'stop.missing', subject: 'naked', value: 0, limit: 1 }]);
    });
  });

  describe('loss.beyond_plan (1.5× the planned risk)', () => {
    it('a loss of exactly 1.5× the plan is not a violation; just over is', () => {
      expect(findViolations(input({ closedTrades: [{ id: 't1', plannedRisk: 100, realizedPnl: -150 }] }))).toEqual([]);
      expect(findViolations(input({ closedTrades: [{ id: 't1', plannedRisk: 100, realizedPnl: -150.01 }] })))
        .toEqual([{ rule: 'loss.beyond_plan', subject: 't1', value: 150.01, limit: 150 }]);
    });

    it('a gain is never a violation', () => {
      expect(findViolations(input({ closedTrades: [{ id: 't1', plannedRisk: 100, realizedPnl: 1_000 }] }))).toEqual([]);
    });

    it('takes a configured multiple', () => {
      expect(findViolations(input({ lossMultiple: 1, closedTrades: [{ id: 't1', plannedRisk: 100, realizedPnl: -101 }] })))
        .toEqual([{ rule: 'loss.beyond_plan', subject: 't1', value: 101, limit: 100 }]);
    });
  });

  describe('order.unapproved', () => {
    it('reports each exchange order without an approved decision', () => {
      expect(findViolations(input({
        exchangeOrders: [
          { clientOrderId: 'snl-1-1', hasApprovedDecision: true },
          { clientOrderId: 'manual-42', hasApprovedDecision: false },
        ],
      }))).toEqual([{ rule: 'order.unapproved', subject: 'manual-42', value: 1, limit: 0 }]);
    });
  });

  it('reports every violation it finds in one pass', () => {
    const found = findViolations(input({
      positions: [btc(3_500, { stopPrice: null }), position({ id: 'eth', symbol: 'ETH/USDT', asset: 'ETH', quantity: 20 })],
      closedTrades: [{ id: 't1', plannedRisk: 10, realizedPnl: -100 }],
      exchangeOrders: [{ clientOrderId: 'x', hasApprovedDecision: false }],
    }));
    expect(found.map((v) => v.rule).sort()).toEqual(['exposure.asset', 'exposure.total', 'loss.beyond_plan', 'order.unapproved', 'stop.missing']);
  });

  // regression: with equity at or below 0 the exposure checks were once skipped entirely
  it('reports exposure when equity is gone but positions are still open', () => {
    expect(findViolations(input({ equity: 0, positions: [btc(1_000)] })).map((v) => v.rule)).toContain('exposure.asset');
  });
});
