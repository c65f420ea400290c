import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@/domain/risk/limits';
import { resolveLimits, riskConfigSchema } from '@/domain/risk/risk-config';

const REASON = 'backtests over two years support it';

/** The issues of a refused config, as "path: message". */
function refusal(input: unknown): string[] {
  const r = riskConfigSchema.safeParse(input);
  expect(r.success, `expected ${JSON.stringify(input)} to be refused`).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const LOOSER = [
  { field: 'riskPerTradeFraction', value: 0.021, ceiling: '0.02' },
  { field: 'riskPerTradeFraction', value: 0.05, ceiling: '0.02' },
  { field: 'maxAssetExposureFraction', value: 0.300001, ceiling: '0.3' },
  { field: 'maxAssetExposureFraction', value: 0.45, ceiling: '0.3' },
  { field: 'maxTotalExposureFraction', value: 0.500001, ceiling: '0.5' },
  { field: 'maxTotalExposureFraction', value: 1, ceiling: '0.5' },
  { field: 'maxLeverage', value: 2.0001, ceiling: '2' },
  { field: 'maxLeverage', value: 10, ceiling: '2' },
  { field: 'dailyLossFraction', value: 0.050001, ceiling: '0.05' },
  { field: 'dailyLossFraction', value: 0.1, ceiling: '0.05' },
  { field: 'drawdownReduceFraction', value: 0.100001, ceiling: '0.1' },
  { field: 'drawdownPauseFraction', value: 0.150001, ceiling: '0.15' },
  { field: 'drawdownLockFraction', value: 0.200001, ceiling: '0.2' },
  { field: 'drawdownLockFraction', value: 0.5, ceiling: '0.2' },
] as const;

describe('riskConfigSchema: configuration may only tighten', () => {
  it.each(LOOSER)('refuses $field = $value, naming the field, the value and the ceiling $ceiling', ({ field, value, ceiling }) => {
    const issues = refusal({ [field]: value, riskPerTradeReason: REASON });
    const own = issues.filter((i) => i.startsWith(`${field}: `));
    expect(own).toHaveLength(1);
    expect(own[0]).toContain(`${field} ${value} is looser than the hard limit`);
    expect(own[0]).toContain(`the ceiling is ${ceiling}`);
    expect(own[0]).toContain('configuration may only tighten');
  });

  it('refuses minRewardRisk below 1.5, naming the value and the floor', () => {
    for (const value of [1.4999, 1, 0]) {
      const issues = refusal({ minRewardRisk: value });
      expect(issues).toEqual([`minRewardRisk: minRewardRisk ${value} is looser than the hard limit: the floor is 1.5; configuration may only tighten`]);
    }
  });

  it('refuses a loosening hidden among tightenings, and stores nothing', () => {
    const input = { maxLeverage: 1, dailyLossFraction: 0.03, maxAssetExposureFraction: 0.31 };
    expect(refusal(input)).toEqual([expect.stringContaining('maxAssetExposureFraction 0.31 is looser')]);
    expect(() => riskConfigSchema.parse(input)).toThrow(/maxAssetExposureFraction 0.31/);
  });

  it('accepts each limit at its hard value', () => {
    const atHard = {
      riskPerTradeFraction: 0.02, riskPerTradeReason: REASON, maxAssetExposureFraction: 0.3, maxTotalExposureFraction: 0.5,
      maxLeverage: 2, dailyLossFraction: 0.05, drawdownReduceFraction: 0.1, drawdownPauseFraction: 0.15, drawdownLockFraction: 0.2, minRewardRisk: 1.5,
    };
    expect(riskConfigSchema.parse(atHard)).toEqual(atHard);
  });

  it.each([
    { riskPerTradeFraction: 0.005 },
    { maxAssetExposureFraction: 0.2 },
    { maxTotalExposureFraction: 0.4 },
    { maxLeverage: 1 },
    { dailyLossFraction: 0.03 },
    { drawdownReduceFraction: 0.05 },
    { drawdownPauseFraction: 0.12 },
    { drawdownLockFraction: 0.18 },
    { minRewardRisk: 2 },
    { dayTimeZone: 'America/New_York' },
    {},
  ])('accepts a tightening: %j', (input) => {
    expect(riskConfigSchema.parse(input)).toEqual(input);
  });

  it('accepts every limit tightened at once, and resolves to it', () => {
    const tight = {
      riskPerTradeFraction: 0.005, maxAssetExposureFraction: 0.1, maxTotalExposureFraction: 0.2, maxLeverage: 1, dailyLossFraction: 0.02,
      drawdownReduceFraction: 0.04, drawdownPauseFraction: 0.06, drawdownLockFraction: 0.08, minRewardRisk: 3,
    };
    expect(resolveLimits(riskConfigSchema.parse(tight))).toEqual({ ...tight, pauseCooldownHours: 72 });
  });
});

describe('riskConfigSchema: raising risk per trade above 1% needs a written reason', () => {
  it('1% needs no reason', () => {
    expect(riskConfigSchema.safeParse({ riskPerTradeFraction: 0.01 }).success).toBe(true);
  });

  it.each([0.0101, 0.015, 0.02])('%s without a reason is refused', (value) => {
    expect(refusal({ riskPerTradeFraction: value })).toEqual([
      `riskPerTradeReason: riskPerTradeReason is required (at least 10 characters) to raise riskPerTradeFraction to ${value} above the 0.01 default (1%)`,
    ]);
  });

  it('a reason of 9 characters, or blank padding, is refused; 10 characters are enough', () => {
    expect(refusal({ riskPerTradeFraction: 0.015, riskPerTradeReason: '123456789' })).toHaveLength(1);
    expect(refusal({ riskPerTradeFraction: 0.015, riskPerTradeReason: '   12345678   ' })).toHaveLength(1);
    expect(riskConfigSchema.parse({ riskPerTradeFraction: 0.015, riskPerTradeReason: ' 0123456789 ' }))
      .toEqual({ riskPerTradeFraction: 0.015, riskPerTradeReason: '0123456789' });
  });

  it('a reason does not lift the 2% ceiling', () => {
    expect(refusal({ riskPerTradeFraction: 0.03, riskPerTradeReason: REASON })).toEqual([
      'riskPerTradeFraction: riskPerTradeFraction 0.03 is looser than the hard limit: the ceiling is 0.02 (2%); configuration may only tighten',
    ]);
  });
});

describe('riskConfigSchema: consistency and shape', () => {
  it('names unknown keys and lists the settings', () => {
    const [issue] = refusal({ maxDrawdown: 0.5, riskPerTrade: 0.05 });
    expect(issue).toContain('unknown risk setting maxDrawdown, riskPerTrade');
    expect(issue).toContain('the settings are: riskPerTradeFraction');
  });

  it('drawdown tiers must rise', () => {
    const rise = 'drawdownPauseFraction: drawdown tiers must rise';
    expect(refusal({ drawdownPauseFraction: 0.08 })).toEqual([`${rise}: reduce 0.1 < pause 0.08 < lock 0.2`]);
    expect(refusal({ drawdownReduceFraction: 0.1, drawdownPauseFraction: 0.1 })[0]).toContain(rise);
    expect(refusal({ drawdownLockFraction: 0.12 })[0]).toContain('pause 0.15 < lock 0.12');
  });

  it('the asset cap may not exceed the total cap', () => {
    expect(refusal({ maxTotalExposureFraction: 0.25 })).toEqual([
      'maxAssetExposureFraction: maxAssetExposureFraction 0.3 cannot exceed maxTotalExposureFraction 0.25',
    ]);
    expect(riskConfigSchema.safeParse({ maxTotalExposureFraction: 0.25, maxAssetExposureFraction: 0.25 }).success).toBe(true);
  });

  it.each([
    { input: { maxLeverage: '2' }, message: 'maxLeverage must be a finite number (got "2"); the ceiling is 2' },
    { input: { dailyLossFraction: 0 }, message: 'dailyLossFraction must be greater than 0 (got 0)' },
    { input: { riskPerTradeFraction: -0.01 }, message: 'riskPerTradeFraction must be greater than 0 (got -0.01)' },
    { input: { maxLeverage: 0.5 }, message: 'maxLeverage must be at least 1 (got 0.5)' },
    { input: { minRewardRisk: 25 }, message: 'minRewardRisk 25 is above 20, which no strategy can meet' },
    { input: { dayTimeZone: 'Mars/Olympus' }, message: 'dayTimeZone "Mars/Olympus" is not an IANA time zone such as UTC or Europe/Zurich' },
    { input: { riskPerTradeReason: 'x'.repeat(1001) }, message: 'riskPerTradeReason must be at most 1000 characters' },
  ])('refuses $input with "$message"', ({ input, message }) => {
    expect(refusal(input).map((i) => i.slice(i.indexOf(': ') + 2))).toContain(message);
  });

  // regression: the message once rendered Infinity as "got null", naming neither value nor ceiling
  it('names Infinity and the ceiling when maxLeverage is set to Infinity', () => {
    const [issue] = refusal({ maxLeverage: Infinity });
    expect(issue).toContain('Infinity');
    expect(issue).toContain('2');
  });
});

describe('resolveLimits', () => {
  it('uses the hard defaults for every missing value', () => {
    expect(resolveLimits({})).toEqual(DEFAULT_LIMITS);
  });

  it('takes each configured value', () => {
    expect(resolveLimits({ maxLeverage: 1, minRewardRisk: 2 })).toEqual({ ...DEFAULT_LIMITS, maxLeverage: 1, minRewardRisk: 2 });
  });
});

describe('resolveLimits on values that bypassed the schema (a hand-edited row)', () => {
  it('clamps every looser value to its hard limit and ignores nonsense', () => {
    expect(resolveLimits({
      riskPerTradeFraction: 0.5, maxAssetExposureFraction: 0.9, maxTotalExposureFraction: 2, maxLeverage: 10, dailyLossFraction: 0.5,
      drawdownReduceFraction: 0.4, drawdownPauseFraction: 0.5, drawdownLockFraction: 0.9, minRewardRisk: 0.1,
    })).toEqual({ ...DEFAULT_LIMITS, riskPerTradeFraction: 0.02 });
    expect(resolveLimits({ riskPerTradeFraction: Number.NaN, maxLeverage: -1, dailyLossFraction: 0 })).toEqual(DEFAULT_LIMITS);
  });
});
