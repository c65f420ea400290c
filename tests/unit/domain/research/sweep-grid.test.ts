import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countRuns, expandGrid, paramCombinations, SWEEP_MAX_RUNS, sweepRequest, sweepRequestWith } from '@/domain/research/sweep-grid';
import { donchianParams, emaCrossParams, rsiReversionParams } from '@/domain/strategies/params';

const base = {
  name: 'donchian periods',
  strategies: [{ name: 'donchian_breakout', params: { entryPeriod: [20, 50], exitPeriod: [10, 20, 30] } }],
  symbols: ['BTCUSDT', 'ETHUSDT'],
  timeframe: '1h',
  periods: [{ from: '2024-01-01', to: '2024-03-01' }],
};

const messages = (input: unknown) => {
  const r = sweepRequest.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('sweepRequest', () => {
  it('accepts a grid and fills the equity', () => {
    const r = sweepRequest.parse(base);
    expect(r.equity).toBe(10_000);
    expect(countRuns(r)).toBe(2 * 3 * 2);
  });

  it('names strategy and field when a combination breaks the strategy schema', () => {
    const bad = { ...base, strategies: [{ name: 'ema_cross', params: { fast: [50, 300], slow: [200] } }] };
    expect(messages(bad)).toEqual([expect.stringMatching(/^ema_cross: fast: fast must be shorter than slow \(with fast=300, slow=200\)/)]);
  });

  it('names an unknown parameter', () => {
    const bad = { ...base, strategies: [{ name: 'rsi_reversion', params: { oversld: [20] } }] };
    expect(messages(bad)[0]).toMatch(/^rsi_reversion: oversld:/);
  });

  it('names an out-of-range value', () => {
    const bad = { ...base, strategies: [{ name: 'donchian_breakout', params: { atrStop: [0.1] } }] };
    expect(messages(bad)[0]).toMatch(/^donchian_breakout: atrStop: .*0\.5/);
  });

  it('refuses an unknown strategy, a timeframe, a reversed period, duplicates', () => {
    expect(messages({ ...base, strategies: [{ name: 'martingale', params: {} }] })[0]).toMatch(/strategy must be one of ema_cross/);
    expect(messages({ ...base, timeframe: '4h' })[0]).toMatch(/timeframe must be one of 1h, 5m/);
    expect(messages({ ...base, periods: [{ from: '2024-03-01', to: '2024-01-01' }] })[0]).toBe('period to must be after from');
    expect(messages({ ...base, periods: [{ from: 'soon', to: '2024-01-01' }] })[0]).toMatch(/period from must be an ISO date/);
    expect(messages({ ...base, symbols: ['BTCUSDT', 'BTCUSDT'] })[0]).toBe('a symbol is listed twice');
    expect(messages({ ...base, strategies: [{ name: 'ema_cross', params: { fast: [10, 10] } }] })[0]).toBe('a parameter lists the same value twice');
    expect(messages({ ...base, strategies: [{ name: 'ema_cross', params: { fast: [100] } }, { name: 'ema_cross', params: {} }] })[0])
      .toBe('ema_cross: the grids repeat a parameter combination ({})');
  });

  it('refuses a grid over the run limit with the count', () => {
    const big = { ...base, strategies: [{ name: 'donchian_breakout', params: { entryPeriod: Array.from({ length: 26 }, (_, i) => 20 + i), exitPeriod: Array.from({ length: 10 }, (_, i) => 5 + i) } }] };
    expect(messages(big)).toEqual([`the grid makes 520 backtests; a sweep runs at most ${SWEEP_MAX_RUNS}: fewer parameter values, symbols or periods`]);
  });

  it('checks symbols against the data the caller has', () => {
    const schema = sweepRequestWith([{ symbol: 'BTCUSDT', timeframe: '1h' }, { symbol: 'ETHUSDT', timeframe: '5m' }]);
    const r = schema.safeParse(base);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual(['symbols: no 1h candles for ETHUSDT (have: BTCUSDT)']);
    expect(r.error?.issues[0]?.path).toEqual(['symbols', 1]);
  });
});

describe('expandGrid', () => {
  it('lists strategy → sorted parameter combination → symbol → period, defaults filled in', () => {
    const specs = expandGrid(sweepRequest.parse({ ...base, periods: [{ from: '2024-01-01', to: '2024-02-01' }, { from: '2024-02-01', to: '2024-03-01' }] }));
    expect(specs).toHaveLength(2 * 3 * 2 * 2);
    expect(specs[0]).toMatchObject({ strategy: 'donchian_breakout', symbol: 'BTCUSDT', from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z', equity: 10_000 });
    expect(specs[0]!.params).toEqual(donchianParams.parse({ entryPeriod: 20, exitPeriod: 10 }));
    expect(specs[1]!.from).toBe('2024-02-01T00:00:00.000Z');
    expect(specs[2]!.symbol).toBe('ETHUSDT');
    expect(specs[4]!.params.exitPeriod).toBe(20);
  });

  it('an empty parameter map runs the defaults once', () => {
    expect(paramCombinations({})).toEqual([{}]);
    expect(expandGrid(sweepRequest.parse({ ...base, strategies: [{ name: 'ema_cross' }] }))).toHaveLength(2);
  });
});

// value pools every strategy accepts whatever the combination
const pools = {
  ema_cross: { fast: [5, 10, 20, 30], slow: [150, 200, 400], atrStop: [1, 2, 3] },
  donchian_breakout: { entryPeriod: [20, 55, 100], exitPeriod: [10, 20], rewardRisk: [2, 3, 4] },
  rsi_reversion: { oversold: [20, 25, 30], overbought: [70, 80], trendPeriod: [100, 200] },
} as const;
const schemas = { ema_cross: emaCrossParams, donchian_breakout: donchianParams, rsi_reversion: rsiReversionParams };

const strategyArb = fc.constantFrom(...(Object.keys(pools) as (keyof typeof pools)[])).chain((name) => {
  const pool = pools[name] as Record<string, readonly number[]>;
  const keys = Object.keys(pool);
  return fc.record(Object.fromEntries(keys.map((k) => [k, fc.subarray([...pool[k]!], { minLength: 1 })])), { requiredKeys: [] })
    .map((params) => ({ name, params: params as Record<string, number[]> }));
});
const gridArb = fc.record({
  name: fc.constant('prop'),
  strategies: fc.array(strategyArb, { minLength: 1, maxLength: 3 }),
  symbols: fc.subarray(['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'], { minLength: 1 }),
  timeframe: fc.constantFrom('1h' as const, '5m' as const),
  periods: fc.subarray([{ from: '2023-01-01', to: '2023-06-01' }, { from: '2023-06-01', to: '2024-01-01' }, { from: '2024-01-01', to: '2024-02-01' }], { minLength: 1 }),
  equity: fc.integer({ min: 100, max: 1_000_000 }),
});

describe('expandGrid properties', () => {
  it('count = Σ strategies Π values × symbols × periods; every spec valid; same order every time and after a jsonb-like key shuffle', () => {
    fc.assert(fc.property(gridArb, (raw) => {
      const parsed = sweepRequest.safeParse(raw);
      if (!parsed.success) {
        // the only refusal these pools can cause: two grids of one strategy sharing a combination
        for (const issue of parsed.error.issues) expect(issue.message).toMatch(/the grids repeat a parameter combination/);
        return;
      }
      const req = parsed.data;
      const specs = expandGrid(req);
      const expected = req.strategies.reduce((n, s) => n + Object.values(s.params).reduce((m, xs) => m * xs.length, 1), 0) * req.symbols.length * req.periods.length;
      expect(specs).toHaveLength(expected);
      expect(countRuns(req)).toBe(expected);
      for (const s of specs) {
        expect(schemas[s.strategy].safeParse(s.params).success).toBe(true);
        expect(Date.parse(s.from)).toBeLessThan(Date.parse(s.to));
      }
      const reversedKeys = { ...req, strategies: req.strategies.map((s) => ({ ...s, params: Object.fromEntries(Object.entries(s.params).reverse()) })) };
      expect(expandGrid(sweepRequest.parse(JSON.parse(JSON.stringify(reversedKeys))))).toEqual(specs);
      expect(new Set(specs.map((s) => JSON.stringify(s))).size).toBe(specs.length);
    }), { numRuns: 200 });
  });
});
