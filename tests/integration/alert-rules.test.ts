import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { checkVolatility } from '@/adapters/repo/volatility-alerts';
import { applyResetLock } from '@/worker/control/apply-reset-lock';
import { monitorRiskState } from '@/worker/pipeline/monitor-risk';
import { applyExtremeMode } from '@/worker/control/apply-set-extreme-mode';
import { extremeModeOnVolatility, VOLATILITY_RULE_ACTOR } from '@/worker/monitor/volatility-response';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * The risk alert rules fire and clear at their thresholds (real PostgreSQL): the drawdown
 * tiers (> 10% warning, > 15% warning, > 20% critical lock), the daily loss limit (> 5%
 * critical) and the high-volatility warning. Each equity step below is on a new trading
 * day unless said otherwise, so the daily loss limit stays out of the drawdown tests.
 */
const DAY = 86_400_000;
const D0 = Date.parse('2026-03-02T12:00:00Z');

describe('risk alert rules', () => {
  let t: TestDb;
  let accountId: string;
  const dbs: TestDb[] = [];

  beforeEach(async () => {
    t = await createTestDb('alert_rules');
    dbs.push(t);
    accountId = (await ensureBaseData(t.db, { now: new Date(D0), capitalAllocationCap: 1 })).account.id;
    await t.db.riskState.update({ where: { accountId }, data: { equity: 1000, peakEquity: 1000, dayStartEquity: 1000, dayStartedAt: new Date(D0) } });
  });
  afterAll(async () => { for (const d of dbs) await d.drop(); });

  /** set the equity and run MONITOR's risk pass at `at` */
  const step = async (equity: number, at: number) => {
    await t.db.riskState.update({ where: { accountId }, data: { equity } });
    await monitorRiskState(t.db, accountId, new Date(at), 'worker:test');
  };
  const open = async (code: string) => t.db.alert.findMany({ where: { accountId, code, status: 'OPEN' } });
  const resolved = async (code: string) => t.db.alert.count({ where: { accountId, code, status: 'RESOLVED' } });

  it('drawdown > 10%: quiet at exactly 10%, a warning above it, resolved when back under', async () => {
    for (const [k, e] of [960, 920, 900].entries()) await step(e, D0 + (k + 1) * DAY);
    expect(await open('DRAWDOWN_REDUCED')).toEqual([]);
    await step(899.9, D0 + 4 * DAY);
    const [a] = await open('DRAWDOWN_REDUCED');
    expect(a).toMatchObject({ severity: 'WARNING', evidence: { to: 'REDUCED', threshold: 0.1 } });
    await step(901, D0 + 5 * DAY);
    expect(await open('DRAWDOWN_REDUCED')).toEqual([]);
    expect(await resolved('DRAWDOWN_REDUCED')).toBe(1);
  });

  it('daily loss > 5%: quiet at exactly 5%, critical above it, cleared by the next trading day', async () => {
    await step(950, D0 + DAY / 4);
    expect(await open('DAILY_LOSS_LIMIT')).toEqual([]);
    await step(949.9, D0 + DAY / 3);
    const [a] = await open('DAILY_LOSS_LIMIT');
    expect(a).toMatchObject({ severity: 'CRITICAL', evidence: { to: 'HALTED', threshold: 0.05 } });
    await step(949.9, D0 + DAY);
    expect(await open('DAILY_LOSS_LIMIT')).toEqual([]);
    expect(await resolved('DAILY_LOSS_LIMIT')).toBe(1);
  });

  it('drawdown > 20%: critical system lock, cleared only by an admin reset, never by a recovery', async () => {
    for (const [k, e] of [955, 910, 865, 822, 800].entries()) await step(e, D0 + (k + 1) * DAY);
    expect(await open('SYSTEM_LOCKED')).toEqual([]);
    expect(await open('DRAWDOWN_PAUSED')).toHaveLength(1); // > 15% on the way down
    await step(799.9, D0 + 6 * DAY);
    const [a] = await open('SYSTEM_LOCKED');
    expect(a).toMatchObject({ severity: 'CRITICAL', evidence: { to: 'LOCKED', threshold: 0.2 } });
    expect(await open('DRAWDOWN_PAUSED')).toEqual([]);
    await step(990, D0 + 7 * DAY);
    expect(await open('SYSTEM_LOCKED')).toHaveLength(1);
    await t.db.$transaction((tx) => applyResetLock(tx, { accountId, payload: { reason: 'reviewed the losses, strategy fixed', requestedBy: 'admin@test' } }, new Date(D0 + 8 * DAY), 'w1'));
    expect(await open('SYSTEM_LOCKED')).toEqual([]);
    expect(await resolved('SYSTEM_LOCKED')).toBe(1);
  });

  describe('high volatility', () => {
    let n = 0;
    const candles = async (ranges: readonly number[]) => {
      await t.db.candle.createMany({ data: ranges.map((r) => {
        n += 1;
        return { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', openTime: new Date(D0 + n * 3_600_000), open: 100, high: 100 + r / 2, low: 100 - r / 2, close: 100, volume: 1 };
      }) });
    };
    const check = (at: number) => t.db.$transaction((tx) => checkVolatility(tx, accountId, 'binance', [{ symbol: 'BTC/USDT', timeframe: '1h' }], 0.95, new Date(at)));
    beforeEach(() => { n = 0; });

    it('fires above the percentile threshold once, holds near it, clears well under it', async () => {
      await candles([...Array.from({ length: 520 }, (_, k) => 1 + (k % 10) / 10), ...Array(14).fill(1)]); // calm, varied, quiet lately
      expect((await check(D0)).isHigh).toBe(false);
      expect(await open('HIGH_VOLATILITY')).toEqual([]);

      await candles(Array(14).fill(6)); // a violent stretch
      const first = await check(D0 + 1);
      expect(first).toMatchObject({ isHigh: true, isNew: true });
      expect((await check(D0 + 2)).isNew).toBe(false); // still high: the same open alert
      const [a] = await open('HIGH_VOLATILITY');
      expect(a).toMatchObject({ severity: 'WARNING', occurrences: 2, evidence: { threshold: 0.95 } });
      expect(a!.message).toMatch(/BTC\/USDT at the 100th percentile/);

      await candles(Array(30).fill(1.05)); // calm again: under 85%
      const after = await check(D0 + 3);
      expect(after.isHigh).toBe(false);
      expect(await open('HIGH_VOLATILITY')).toEqual([]);
      expect(await resolved('HIGH_VOLATILITY')).toBe(1);
    });

    const monitored = (at: number) => t.db.$transaction(async (tx) => {
      const rule = extremeModeOnVolatility(0.5);
      const r = await checkVolatility(tx, accountId, 'binance', [{ symbol: 'BTC/USDT', timeframe: '1h' }], 0.95, new Date(at));
      if (r.isNew) await rule.onHighVolatility(tx, accountId, { markets: r.measured }, new Date(at));
      if (r.isCleared) await rule.onVolatilityCleared(tx, accountId, { markets: r.measured }, new Date(at));
    });
    const state = () => t.db.riskState.findUniqueOrThrow({ where: { accountId } });

    it('the rule switches extreme market mode on, and off again (with its safe mode) when volatility clears', async () => {
      await candles([...Array.from({ length: 520 }, (_, k) => 1 + (k % 10) / 10), ...Array(14).fill(1)]);
      await monitored(D0);
      await candles(Array(14).fill(6));
      await monitored(D0 + 1);
      expect(await state()).toMatchObject({ isExtremeMode: true, isSafeMode: true, desiredSafeMode: true, extremeModeBy: VOLATILITY_RULE_ACTOR });
      expect((await state()).extremeSizeMultiplier?.toNumber()).toBe(0.5);
      expect(await open('EXTREME_MARKET_MODE')).toHaveLength(1);
      await candles(Array(30).fill(1.05));
      await monitored(D0 + 2);
      expect(await state()).toMatchObject({ isExtremeMode: false, isSafeMode: false, desiredSafeMode: false });
      expect(await open('EXTREME_MARKET_MODE')).toEqual([]);
      const actions = (await t.db.auditLog.findMany({ where: { accountId }, orderBy: { seq: 'asc' } })).map((a) => `${a.action} ${a.actorLabel}`);
      expect(actions).toEqual(expect.arrayContaining([`risk.extreme-mode.on ${VOLATILITY_RULE_ACTOR}`, `risk.extreme-mode.off ${VOLATILITY_RULE_ACTOR}`]));
    });

    it('an operator\'s extreme mode, or the safe mode an operator set, is never lifted by the rule', async () => {
      await applyExtremeModeAs('ops@desk', D0);
      await candles([...Array.from({ length: 520 }, (_, k) => 1 + (k % 10) / 10), ...Array(14).fill(6)]);
      await monitored(D0 + 1);
      await candles(Array(30).fill(1.05));
      await monitored(D0 + 2);
      expect(await state()).toMatchObject({ isExtremeMode: true, isSafeMode: true, extremeModeBy: 'ops@desk' });
    });
    const applyExtremeModeAs = (who: string, at: number) => t.db.$transaction((tx) => applyExtremeMode(tx, accountId, { on: true, reason: 'news', actorLabel: who, sizeMultiplier: 0.3 }, new Date(at)));

    it('too few candles for a percentile: no alert', async () => {
      await candles(Array(10).fill(50));
      expect(await check(D0)).toMatchObject({ isHigh: false, measured: [{ percentile: null, candles: 10 }] });
    });
  });
});
