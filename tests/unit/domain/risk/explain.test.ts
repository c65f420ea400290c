import { describe, expect, it } from 'vitest';
import { explainCheck, explainDecision } from '@/domain/risk/explain';
import type { RiskDecision, RuleId } from '@/domain/risk/types';
import { baseState, checkOf, entry, exit, market, position, stopUpdate, validate } from './support';

const line = (d: RiskDecision, rule: RuleId) => explainCheck(checkOf(d, rule), { asset: 'BTC', symbol: 'BTC/USDT' });

// 27.4 BTC held at mark 100 (27.4% of 10,000); the intent adds 6.1 (6.1%); room is left for 2.6
const example = () => validate(entry({ quantity: 6.1 }), baseState({ positions: [position({ quantity: 27.4 })] }));

describe('explainCheck: exposure, as in the issue', () => {
  it('"exposure.asset: BTC 27.4% + 6.1% > 30% → shrunk to 2.6"', () => {
    expect(line(example(), 'exposure.asset')).toBe('exposure.asset: BTC 27.4% + 6.1% > 30.0% → shrunk to 2.6');
  });

  it('leaves the asset out without a context', () => {
    expect(explainCheck(checkOf(example(), 'exposure.asset'))).toMatch(/^exposure\.asset: 27\.4% \+ 6\.1% > 30\.0% → shrunk to 2\.6$/);
  });

  it('exactly at the cap reads ≤ and ok (20% + 10%, whose float sum is 0.30000000000000004)', () => {
    const d = validate(entry({ quantity: 10 }), baseState({ positions: [position({ quantity: 20 })] }));
    expect(d.outcome).toBe('APPROVED');
    expect(line(d, 'exposure.asset')).toBe('exposure.asset: BTC 20.0% + 10.0% ≤ 30.0% ok');
  });

  it('a rule over its limit that another rule out-bound reads ">" and "ok at the approved size"', () => {
    // asset cap allows 10, risk per trade 20, total 30: the request of 60 is over all three
    const d = validate(entry({ quantity: 60 }), baseState({ positions: [position({ quantity: 20 })] }));
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.asset', quantity: 10 });
    expect(line(d, 'risk_per_trade')).toBe('risk per trade: 3.0% of equity > 1.0% ok at the approved size (allows up to 20)');
    expect(line(d, 'exposure.total')).toBe('exposure.total: 20.0% + 60.0% > 50.0% ok at the approved size (allows up to 30)');
  });
});

describe('explainCheck: each rule in words', () => {
  it('entry gates', () => {
    expect(line(validate(entry(), baseState({ isSafeMode: true })), 'safe_mode')).toBe('safe mode: on, no new entries → rejected');
    expect(line(validate(entry()), 'safe_mode')).toBe('safe mode: off ok');
    expect(line(validate(entry(), baseState({ tradingState: 'PAUSED' })), 'trading_state')).toBe('trading state: PAUSED → rejected');
    expect(line(validate(entry(), baseState({ equity: 9_400, peakEquity: 10_000 })), 'daily_loss')).toBe('daily loss: 6.0% > 5.0% → rejected');
    expect(line(validate(entry(), baseState({ equity: 9_500 })), 'daily_loss')).toBe('daily loss: 5.0% ≤ 5.0% ok');
    expect(line(validate(entry(), baseState({ equity: 8_000, dayStartEquity: 8_000 })), 'drawdown'))
      .toBe('drawdown: 20.0% > 15.0% (pause tier) → rejected');
  });

  it('stop, reward:risk and leverage', () => {
    expect(line(validate(entry({ stopPrice: null })), 'stop.required')).toBe('stop loss: missing → rejected');
    expect(line(validate(entry({ stopPrice: 101 })), 'stop.side')).toBe('stop 101 on the losing side of entry 100 → rejected');
    expect(line(validate(entry({ targetPrice: 107 })), 'reward_risk')).toBe('reward:risk after fees 1.4 < 1.5 → rejected');
    expect(line(validate(entry()), 'reward_risk')).toBe('reward:risk after fees 2 ≥ 1.5 ok');
    expect(line(validate(entry({ leverage: 3 })), 'leverage')).toBe('leverage 3x > 2x → rejected');
  });

  it('averaging down', () => {
    const inLoss = validate(entry(), baseState({ positions: [position({ markPrice: 90 })] }));
    expect(line(inLoss, 'averaging_down')).toBe('averaging down: adds to the BTC/USDT position in loss (-10.0%) → rejected');
    expect(line(validate(entry()), 'averaging_down')).toBe('averaging down: no BTC/USDT position in loss ok');
  });

  it('martingale, after a loss and without one', () => {
    const afterLoss = baseState({ lastTradeByStrategy: { trend: { isLoss: true, riskFraction: 0.005 } } });
    expect(line(validate(entry({ quantity: 20 }), afterLoss), 'martingale'))
      .toBe("no martingale: 1.0% of equity > last losing trade's 0.5% → shrunk to 10");
    expect(line(validate(entry()), 'martingale')).toBe('no martingale: last trade of the strategy was not a loss ok');
  });

  it('shows small fractions with three decimals', () => {
    expect(line(validate(entry()), 'risk_per_trade')).toBe('risk per trade: 0.050% of equity ≤ 1.0% ok');
  });

  it('minimum order and equity', () => {
    const tiny = validate(entry({ quantity: 0.05 }), undefined, { market: market({ minNotional: 10 }) });
    expect(line(tiny, 'sizing.minimum')).toBe('minimum order: notional at the stop 4.7025 < 10 → rejected');
    expect(line(validate(entry(), baseState({ equity: 0 })), 'equity')).toBe('equity 0 must be positive → rejected');
  });

  it('exits and stop updates', () => {
    const state = baseState({ positions: [position({ quantity: 2, markPrice: 110 })] });
    expect(line(validate(exit('nope', 1), state), 'exit.position')).toBe('exit: position not found → rejected');
    expect(line(validate(exit('p1', 3), state), 'exit.quantity')).toBe('exit quantity 3 > position 2 → rejected');
    expect(line(validate(exit('p1', 1), state), 'exit.quantity')).toBe('exit quantity 1 ≤ position 2 ok');
    expect(line(validate(stopUpdate('nope', 100), state), 'stop_update.position')).toBe('stop update: position not found → rejected');
    expect(line(validate(stopUpdate('p1', 90), state), 'stop_update.direction')).toBe('stop update: 90 vs current stop 95 (may only tighten) → rejected');
    expect(line(validate(stopUpdate('p1', 112), state), 'stop_update.crosses_price'))
      .toBe('stop update: 112 vs mark 110 (must stay on the losing side) → rejected');
  });
});

describe('explainDecision', () => {
  it('APPROVED: the size, then one indented line per rule', () => {
    const d = validate(entry());
    const lines = explainDecision(d).split('\n');
    expect(lines[0]).toBe('APPROVED 1');
    expect(lines).toHaveLength(d.checks.length + 1);
    expect(lines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
  });

  it('SHRUNK: the binding rule and requested → approved size', () => {
    const text = explainDecision(example(), { asset: 'BTC' });
    expect(text.split('\n')[0]).toBe('SHRUNK by exposure.asset: 6.1 → 2.6');
    expect(text).toContain('  exposure.asset: BTC 27.4% + 6.1% > 30.0% → shrunk to 2.6');
  });

  it('REJECTED: the rejecting rule', () => {
    const text = explainDecision(validate(entry(), baseState({ isSafeMode: true })));
    expect(text.split('\n')[0]).toBe('REJECTED by safe_mode');
    expect(text).toContain('  safe mode: on, no new entries → rejected');
  });
});
