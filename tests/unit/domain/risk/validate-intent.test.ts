import { describe, expect, it } from 'vitest';
import { TRADING_STATES } from '@/domain/machines/trading-state';
import {
  baseState, checkOf, entry, exit, isMultipleOf, limits, market, position, shortEntry, stopUpdate, validate,
} from './support';

describe('validateIntent: entries', () => {
  it('approves a clean long entry and reports every rule as pass', () => {
    const d = validate(entry());
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 1, requestedQuantity: 1, rule: null, riskFraction: 0.0005 });
    expect(d.checks.map((k) => k.outcome)).toEqual(d.checks.map(() => 'pass'));
    expect(d.checks.at(-1)?.rule).toBe('sizing.minimum');
  });

  it('names the first rejecting rule when several reject', () => {
    const d = validate(entry({ leverage: 5, targetPrice: null }), baseState({ isSafeMode: true, tradingState: 'LOCKED' }));
    expect(d.rule).toBe('safe_mode');
    expect(d.checks.filter((k) => k.outcome === 'reject').map((k) => k.rule)).toEqual(['safe_mode', 'trading_state', 'reward_risk', 'leverage']);
  });

  it.each([0, -100, NaN])('rejects every entry when equity is not positive (%s)', (equity) => {
    const d = validate(entry(), baseState({ equity }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'equity', quantity: 0 });
    expect(d.checks).toHaveLength(1);
    expect(checkOf(d, 'equity')).toMatchObject({ threshold: 0, outcome: 'reject' });
  });
});

describe('validateIntent: the binding rule and the shrunk size', () => {
  it('the tightest size rule binds (asset 5 < martingale 10 < risk 20), the others stay pass', () => {
    const state = baseState({
      positions: [position({ quantity: 25, entryPrice: 90, markPrice: 100, stopPrice: 85 })],
      lastTradeByStrategy: { trend: { isLoss: true, riskFraction: 0.005 } },
    });
    const d = validate(entry({ quantity: 30 }), state);
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.asset', quantity: 5 });
    expect(d.checks.filter((k) => k.outcome === 'shrink').map((k) => k.rule)).toEqual(['exposure.asset']);
    expect(checkOf(d, 'martingale')).toMatchObject({ outcome: 'pass', maxQty: 10 });
    expect(checkOf(d, 'risk_per_trade')).toMatchObject({ outcome: 'pass', maxQty: 20 });
  });

  it('a shrunk size is a multiple of the step, never above the request, and its risk is within the limit', () => {
    const m = market({ qtyStep: 0.001, feeRate: 0.001 });
    for (const quantity of [19.5, 20, 23.456, 100, 1e6]) {
      const d = validate(entry({ stopPrice: 94.7, targetPrice: 113, quantity }), undefined, { market: m });
      expect(d.outcome).toBe('SHRUNK');
      expect(isMultipleOf(d.quantity, 0.001)).toBe(true);
      expect(d.quantity).toBeLessThanOrEqual(quantity);
      expect(d.riskFraction).toBeLessThanOrEqual(0.01);
      // one step less would risk less: the size is the largest on the grid within the limit
      expect(d.riskFraction).toBeGreaterThan(0.01 - (0.001 * (5.3 + 194.7 * 0.001)) / 10_000);
    }
  });

  it('rounds an approved size down to the step without calling it a shrink', () => {
    const d = validate(entry({ quantity: 1.23456 }), undefined, { market: market({ qtyStep: 0.001 }) });
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 1.234, requestedQuantity: 1.23456, rule: null });
  });

  // regression (validate-intent.ts, validateEntry, with rounding.ts floorToStep): fixed; keeps the case that once failed
  it('does not throw when no rule binds and the quantity has many steps (step 1e-8, qty 2.20684385)', () => {
    const d = validate(entry({ quantity: 2.20684385 }), undefined, { market: market({ qtyStep: 1e-8, minQty: 1e-8 }) });
    expect(d.outcome).toBe('APPROVED');
    expect(d.quantity).toBe(2.20684385);
  });
});

describe('validateIntent: sizing.minimum', () => {
  const m = market({ qtyStep: 0.001, minQty: 0.01, minNotional: 10 });

  // the exit at the stop binds: 0.1 × 95 less the 1% margin = 9.405 (the entry's 10 is higher)
  const exitAt = (q: number) => q * 95 * 0.99;

  it('passes when the exit at the stop is exactly the minimum notional', () => {
    const d = validate(entry({ quantity: 0.1 }), undefined, { market: market({ qtyStep: 0.001, minQty: 0.01, minNotional: exitAt(0.1) }) });
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 0.1 });
    expect(checkOf(d, 'sizing.minimum')).toMatchObject({ outcome: 'pass' });
    expect(checkOf(d, 'sizing.minimum').input).toBeCloseTo(exitAt(0.1), 9);
  });

  it('rejects an entry at exactly the minimum notional (0.1 × 100 = 10): its stop would be under it and refused by the exchange', () => {
    const d = validate(entry({ quantity: 0.1 }), undefined, { market: m });
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'sizing.minimum' });
    expect(checkOf(d, 'sizing.minimum')).toMatchObject({ threshold: 10, outcome: 'reject' });
    expect(checkOf(d, 'sizing.minimum').input).toBeCloseTo(exitAt(0.1), 9);
  });

  it('rejects one step under the minimum notional', () => {
    const d = validate(entry({ quantity: 0.099 }), undefined, { market: m });
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'sizing.minimum', quantity: 0 });
    expect(checkOf(d, 'sizing.minimum')).toMatchObject({ threshold: 10, outcome: 'reject' });
    expect(checkOf(d, 'sizing.minimum').input).toBeCloseTo(exitAt(0.099), 9);
  });

  it('passes at exactly minQty and rejects one step under it', () => {
    const qtyOnly = market({ qtyStep: 0.001, minQty: 0.01, minNotional: 0 });
    expect(validate(entry({ quantity: 0.01 }), undefined, { market: qtyOnly })).toMatchObject({ outcome: 'APPROVED', quantity: 0.01 });
    expect(validate(entry({ quantity: 0.009 }), undefined, { market: qtyOnly }).rule).toBe('sizing.minimum');
  });

  it('rejects a request that rounds down to zero', () => {
    expect(validate(entry({ quantity: 0.0004 }), undefined, { market: m }).rule).toBe('sizing.minimum');
    expect(validate(entry({ quantity: 0 })).rule).toBe('sizing.minimum');
  });

  it('names the limit when the request met the minimum but the limit leaves too little room', () => {
    // risk 1% of equity 10 = 0.1 at 5 per unit = 0.02 units = 2 of notional (1.88 at the stop), under the 10 minimum
    const d = validate(entry({ quantity: 1 }), baseState({ equity: 10, peakEquity: 10, dayStartEquity: 10 }), { market: m });
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'risk_per_trade', quantity: 0 });
    expect(checkOf(d, 'risk_per_trade')).toMatchObject({ outcome: 'reject', maxQty: 0.02 });
    expect(checkOf(d, 'sizing.minimum')).toMatchObject({ threshold: 10, outcome: 'reject' });
    expect(checkOf(d, 'sizing.minimum').input).toBeCloseTo(0.02 * 95 * 0.99, 9);
  });
});

describe('validateIntent: short entries and leverage', () => {
  it('approves a 2x short with the risk measured up to a stop above the entry', () => {
    const d = validate(shortEntry({ quantity: 20, leverage: 2 }));
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 20, riskFraction: 0.01 });
    expect(checkOf(d, 'stop.side')).toMatchObject({ input: 105, threshold: 100, outcome: 'pass' });
  });

  it('counts short exposure at notional, whatever the leverage', () => {
    const d = validate(shortEntry({ quantity: 40, leverage: 2, stopPrice: 101, targetPrice: 90 }));
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.asset', quantity: 30 });
  });

  it('counts fees on both legs for a short (exit at the stop above)', () => {
    const d = validate(shortEntry({ quantity: 30 }), undefined, { market: market({ feeRate: 0.001 }) });
    // 5 + (100 + 105) × 0.001 = 5.205 per unit → 100 / 5.205 = 19.2122…
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'risk_per_trade', quantity: 19.2122 });
  });
});

describe('validateIntent: exits', () => {
  const pos = position({ quantity: 2.5 });

  it.each(TRADING_STATES)('closes a whole position while %s', (tradingState) => {
    const d = validate(exit('p1', 2.5), baseState({ tradingState, positions: [pos] }));
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 2.5, rule: null });
  });

  it('closes in safe mode, locked, after the daily loss and in deep drawdown', () => {
    const state = baseState({ isSafeMode: true, tradingState: 'LOCKED', equity: 7_000, dayStartEquity: 9_000, positions: [pos] });
    expect(validate(exit('p1', 1), state)).toMatchObject({ outcome: 'APPROVED', quantity: 1 });
  });

  it('floors a partial exit to the step', () => {
    const d = validate(exit('p1', 1.23456), baseState({ positions: [pos] }), { market: market({ qtyStep: 0.001 }) });
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 1.234, requestedQuantity: 1.23456 });
  });

  it('closes a whole position even when its size is off the step grid', () => {
    const odd = position({ quantity: 0.12345 });
    expect(validate(exit('p1', 0.12345), baseState({ positions: [odd] }), { market: market({ qtyStep: 0.01 }) }))
      .toMatchObject({ outcome: 'APPROVED', quantity: 0.12345 });
  });

  it('refuses more than the position (it would open the other side)', () => {
    const d = validate(exit('p1', 2.6), baseState({ positions: [pos] }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'exit.quantity', quantity: 0 });
    expect(checkOf(d, 'exit.quantity')).toMatchObject({ input: 2.6, threshold: 2.5, outcome: 'reject' });
  });

  it.each([0, -1, 0.00001])('refuses an exit of %s (nothing left after the step)', (quantity) => {
    expect(validate(exit('p1', quantity), baseState({ positions: [pos] })).rule).toBe('exit.quantity');
  });

  // regression (validate-intent.ts, validateExit `isWhole`): fixed; keeps the case that once failed
  it('refuses an exit of NaN instead of closing the whole position', () => {
    expect(validate(exit('p1', NaN), baseState({ positions: [pos] })).rule).toBe('exit.quantity');
  });

  it('refuses an unknown position', () => {
    const d = validate(exit('nope', 1), baseState({ positions: [pos] }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'exit.position' });
    expect(checkOf(d, 'exit.position')).toMatchObject({ input: 0, threshold: 1, outcome: 'reject' });
  });
});

describe('validateIntent: stop updates', () => {
  // long bought at 100, marked at 110, stop 95; short sold at 100, marked at 90, stop 105
  const long = position({ id: 'long', entryPrice: 100, markPrice: 110, stopPrice: 95 });
  const short = position({ id: 'short', side: 'SHORT', entryPrice: 100, markPrice: 90, stopPrice: 105 });
  const held = (over = {}) => baseState({ positions: [long, short], ...over });

  it.each(TRADING_STATES)('tightens a long stop while %s', (tradingState) => {
    const d = validate(stopUpdate('long', 100), held({ tradingState }));
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 1, rule: null });
    expect(checkOf(d, 'stop_update.direction')).toMatchObject({ input: 100, threshold: 95, outcome: 'pass' });
  });

  it('tightens in safe mode and for a short', () => {
    expect(validate(stopUpdate('long', 109.99), held({ isSafeMode: true })).outcome).toBe('APPROVED');
    expect(validate(stopUpdate('short', 95), held({ isSafeMode: true, tradingState: 'LOCKED' })).outcome).toBe('APPROVED');
  });

  it('leaving the stop where it is passes', () => {
    expect(validate(stopUpdate('long', 95), held()).outcome).toBe('APPROVED');
    expect(validate(stopUpdate('short', 105), held()).outcome).toBe('APPROVED');
  });

  it('refuses loosening a long stop (moving it down)', () => {
    const d = validate(stopUpdate('long', 94.99), held());
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'stop_update.direction', quantity: 0 });
    expect(checkOf(d, 'stop_update.direction')).toMatchObject({ input: 94.99, threshold: 95, outcome: 'reject' });
  });

  it('refuses loosening a short stop (moving it up)', () => {
    const d = validate(stopUpdate('short', 105.01), held());
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'stop_update.direction' });
    expect(checkOf(d, 'stop_update.direction')).toMatchObject({ input: 105.01, threshold: 105 });
  });

  it.each([110, 111])('refuses a long stop at or above the mark (%s)', (price) => {
    const d = validate(stopUpdate('long', price), held());
    expect(d.rule).toBe('stop_update.crosses_price');
    expect(checkOf(d, 'stop_update.crosses_price')).toMatchObject({ input: price, threshold: 110, outcome: 'reject' });
  });

  it.each([90, 89])('refuses a short stop at or below the mark (%s)', (price) => {
    const d = validate(stopUpdate('short', price), held());
    expect(d.rule).toBe('stop_update.crosses_price');
    expect(checkOf(d, 'stop_update.crosses_price').threshold).toBe(90);
  });

  it('adds a missing stop to a long and a short', () => {
    const state = baseState({ positions: [{ ...long, stopPrice: null }, { ...short, stopPrice: null }] });
    const d = validate(stopUpdate('long', 90), state);
    expect(d.outcome).toBe('APPROVED');
    expect(checkOf(d, 'stop_update.direction').threshold).toBe(0);
    const s = validate(stopUpdate('short', 120), state);
    expect(s.outcome).toBe('APPROVED');
    expect(checkOf(s, 'stop_update.direction').threshold).toBe(Infinity);
  });

  it('a missing stop may not be added on the wrong side of the mark', () => {
    const state = baseState({ positions: [{ ...long, stopPrice: null }] });
    expect(validate(stopUpdate('long', 115), state).rule).toBe('stop_update.crosses_price');
  });

  it.each([NaN, 0, -5])('refuses an invalid stop price (%s)', (price) => {
    expect(validate(stopUpdate('long', price), held()).rule).toBe('stop_update.direction');
  });

  it('refuses an unknown position', () => {
    const d = validate(stopUpdate('nope', 100), held());
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'stop_update.position' });
    expect(checkOf(d, 'stop_update.position')).toMatchObject({ input: 0, outcome: 'reject' });
  });

  it('ignores the entry limits entirely (a tighter config does not block a stop update)', () => {
    const d = validate(stopUpdate('long', 100), held({ equity: 0 }), { limits: limits({ maxLeverage: 1 }) });
    expect(d.outcome).toBe('APPROVED');
  });
});

describe('entry price', () => {
  it.each([0, -1, Number.NaN, Infinity])('refuses an entry at price %s (exposure limits would divide by it)', (price) => {
    const d = validate(entry({ entryPrice: price, stopPrice: 100, targetPrice: -200, side: 'SHORT' }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'entry_price', quantity: 0 });
  });
});
