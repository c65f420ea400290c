import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '@/adapters/db/client';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { createLogger } from '@/adapters/logging/logger';
import { verifyAuditChain } from '@/adapters/repo/audit-log';
import type { EntryIntent, MarketRules } from '@/domain/risk/types';
import { validateAndRecord } from '@/worker/pipeline/risk-validator';
import { monitorRiskState } from '@/worker/pipeline/monitor-risk';
import { processPendingCommands } from '@/worker/control/process-commands';
import type { SessionUser } from '@/server/auth/current-user';
import type { Role } from '@/generated/prisma/enums';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

const MARKET: MarketRules = { qtyStep: 0.00001, minQty: 0.00001, minNotional: 5, feeRate: 0.001 };
const entry = (o: Partial<EntryIntent> = {}): EntryIntent => ({
  kind: 'ENTRY', strategy: 'ema_cross', symbol: 'BTC/USDT', asset: 'BTC', side: 'LONG',
  entryPrice: 50_000, stopPrice: 49_000, targetPrice: 53_000, quantity: 0.001, leverage: 1, ...o,
});

describe('risk gate against PostgreSQL', () => {
  let t: TestDb;
  let accountId: string;
  let users: Record<Role, SessionUser>;
  const at = new Date('2026-03-02T10:00:00Z');

  beforeAll(async () => {
    t = await createTestDb('risk');
    accountId = (await ensureBaseData(t.db, { now: at, capitalAllocationCap: 1 })).account.id; // paper, 5% of 10,000 = 500 USDT
    users = await seedUsers(t.db);
  });
  afterAll(async () => { await t.drop(); });
  beforeEach(async () => {
    await t.db.order.deleteMany();
    await t.db.position.deleteMany();
    await t.db.riskState.update({ where: { accountId }, data: { equity: 10_000, peakEquity: 10_000, dayStartEquity: 10_000, dayStartedAt: at, tradingState: 'ACTIVE', isSafeMode: false } });
  });

  it('a rejected intent leaves a journal row naming the rule and no order row', async () => {
    const r = await validateAndRecord(t.db, { accountId, intent: entry({ stopPrice: null }), market: MARKET, marks: {}, at });
    expect(r.decision).toMatchObject({ outcome: 'REJECTED', rule: 'stop.required' });
    expect(r.orderId).toBeNull();
    const j = await t.db.journalEntry.findUniqueOrThrow({ where: { id: r.journalId } });
    expect(j).toMatchObject({ kind: 'DECISION', outcome: 'REJECTED', rule: 'stop.required', symbol: 'BTC/USDT', strategy: 'ema_cross' });
    expect(j.message).toMatch(/rejected by stop.required/);
    expect(await t.db.order.count()).toBe(0);

    await t.db.riskState.update({ where: { accountId }, data: { isSafeMode: true } });
    const s = await validateAndRecord(t.db, { accountId, intent: entry(), market: MARKET, marks: {}, at });
    expect(s.decision).toMatchObject({ outcome: 'REJECTED', rule: 'safe_mode' });
    expect(await t.db.order.count()).toBe(0);
  });

  it('an approved intent writes its decision and a PENDING_SUBMIT order with a client order id derived from it, in one transaction', async () => {
    const r = await validateAndRecord(t.db, { accountId, intent: entry(), market: MARKET, marks: {}, at });
    expect(r.decision.outcome).toBe('APPROVED');
    const order = await t.db.order.findUniqueOrThrow({ where: { id: r.orderId! } });
    expect(order).toMatchObject({ status: 'PENDING_SUBMIT', purpose: 'ENTRY', side: 'BUY', clientOrderId: `snl-${r.journalId}-1`, decisionId: r.journalId });
    expect(order.quantity.toNumber()).toBe(0.001);
    const j = await t.db.journalEntry.findUniqueOrThrow({ where: { id: r.journalId } });
    const checks = (j.details as { checks: { rule: string; outcome: string; maxQty: number | null }[] }).checks;
    expect(checks.map((c) => c.rule)).toEqual(expect.arrayContaining(['risk_per_trade', 'exposure.asset', 'exposure.total', 'reward_risk', 'sizing.minimum']));
    expect(checks.find((c) => c.rule === 'safe_mode')?.maxQty).toBeNull(); // Infinity stored as null
  });

  it('pending entry orders and open positions at mark count towards exposure; the shrunk size is what is ordered', async () => {
    await t.db.position.create({ data: { accountId, symbol: 'BTC/USDT', strategy: 'x', quantity: 0.05, entryPrice: 50_000, stopPrice: 48_000, initialRisk: 100, openedAt: at } });
    // 0.05 BTC at mark 52,000 = 2,600 = 26% of equity: 4% (400 USDT) left under the 30% cap
    const r = await validateAndRecord(t.db, { accountId, intent: entry({ quantity: 0.02, entryPrice: 52_000, stopPrice: 51_500, targetPrice: 53_500 }), market: MARKET, marks: { 'BTC/USDT': 52_000 }, at });
    expect(r.decision).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.asset' });
    const order = await t.db.order.findUniqueOrThrow({ where: { id: r.orderId! } });
    expect(order.quantity.toNumber()).toBeCloseTo(400 / 52_000, 5);
    expect(order.quantity.toNumber() * 52_000).toBeLessThanOrEqual(400);
    const next = await validateAndRecord(t.db, { accountId, intent: entry({ entryPrice: 52_000, stopPrice: 51_500, targetPrice: 53_500 }), market: MARKET, marks: { 'BTC/USDT': 52_000 }, at });
    expect(next.decision).toMatchObject({ outcome: 'REJECTED', rule: 'exposure.asset' }); // the room left is below the minimum order
    expect(next.decision.checks.find((c) => c.rule === 'sizing.minimum')?.outcome).toBe('reject');
  });

  it('two decisions at once for one account are serialised: the second sees the first one\'s order', async () => {
    const other = createDb(t.url, { max: 3 });
    try {
      const big = entry({ quantity: 0.04, stopPrice: 49_800, targetPrice: 50_800 }); // 2,000 USDT = 20% of equity each, risk 0.12%
      const [a, b] = await Promise.all([
        validateAndRecord(t.db, { accountId, intent: big, market: MARKET, marks: {}, at }),
        validateAndRecord(other.db, { accountId, intent: big, market: MARKET, marks: {}, at }),
      ]);
      const outcomes = [a.decision.outcome, b.decision.outcome].sort();
      expect(outcomes).toEqual(['APPROVED', 'SHRUNK']);
      const total = (await t.db.order.findMany()).reduce((s, o) => s + o.quantity.toNumber() * 50_000, 0);
      expect(total).toBeLessThanOrEqual(3_000 + 1e-6);
    } finally {
      await other.close();
    }
  });

  it('a drawdown beyond 20% locks, recovery does not unlock, an admin reset with a reason does (alerted and audited)', async () => {
    await t.db.riskState.update({ where: { accountId }, data: { equity: 7_900 } });
    const ev = await monitorRiskState(t.db, accountId, at, 'worker:test');
    expect(ev.tradingState).toBe('LOCKED');
    expect(await t.db.alert.findFirst({ where: { code: 'SYSTEM_LOCKED', status: 'OPEN' } })).not.toBeNull();
    expect(await t.db.auditLog.count({ where: { action: 'risk.state.drawdown-lock' } })).toBe(1);

    await t.db.riskState.update({ where: { accountId }, data: { equity: 9_990 } });
    expect((await monitorRiskState(t.db, accountId, at, 'worker:test')).tradingState).toBe('LOCKED');
    const refused = await validateAndRecord(t.db, { accountId, intent: entry(), market: MARKET, marks: {}, at });
    expect(refused.decision.rule).toBe('trading_state');

    await expect(callerAs(t.db, users.OPERATOR).risk.resetLock({ accountId, reason: 'investigated the feed outage, fixed' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(t.db, users.ADMIN).risk.resetLock({ accountId, reason: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const { commandId } = await callerAs(t.db, users.ADMIN).risk.resetLock({ accountId, reason: 'investigated the feed outage, fixed' });
    await processPendingCommands(t.db, createLogger('test', 'silent'), 'test-worker', () => at);
    expect(await t.db.controlCommand.findUniqueOrThrow({ where: { id: commandId } })).toMatchObject({ status: 'APPLIED' });
    const rs = await t.db.riskState.findUniqueOrThrow({ where: { accountId } });
    expect(rs.tradingState).toBe('ACTIVE');
    expect(rs.peakEquity.toNumber()).toBe(9_990);
    expect(rs.stateChangedBy).toContain(users.ADMIN.email);
    expect(await t.db.alert.findFirst({ where: { code: 'SYSTEM_LOCKED', status: 'OPEN' } })).toBeNull();
    expect(await t.db.auditLog.findFirst({ where: { action: 'risk.state.manual-reset' } })).toMatchObject({ actorId: users.ADMIN.id });
    await expect(callerAs(t.db, users.ADMIN).risk.resetLock({ accountId, reason: 'investigated the feed outage, fixed' }))
      .rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('the daily loss limit halts until the next trading day, on the given clock', async () => {
    await t.db.riskState.update({ where: { accountId }, data: { equity: 9_400 } });
    expect((await monitorRiskState(t.db, accountId, at, 'worker:test')).tradingState).toBe('HALTED');
    const later = new Date('2026-03-02T23:59:00Z');
    expect((await monitorRiskState(t.db, accountId, later, 'worker:test')).tradingState).toBe('HALTED');
    const nextDay = new Date('2026-03-03T00:00:30Z');
    const ev = await monitorRiskState(t.db, accountId, nextDay, 'worker:test');
    expect(ev.tradingState).toBe('ACTIVE');
    expect(ev.dayStartEquity).toBe(9_400);
    expect(await t.db.alert.findFirst({ where: { code: 'DAILY_LOSS_LIMIT', status: 'OPEN' } })).toBeNull();
  });

  it('risk config: loosening is refused naming the field, value and ceiling, with nothing stored; tightening is stored and audited', async () => {
    const admin = callerAs(t.db, users.ADMIN);
    await expect(admin.risk.updateConfig({ accountId, config: { maxAssetExposureFraction: 0.35 } }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/maxAssetExposureFraction 0.35 is looser than the hard limit: the ceiling is 0.3/) });
    await expect(admin.risk.updateConfig({ accountId, config: { riskPerTradeFraction: 0.015 } }))
      .rejects.toMatchObject({ message: expect.stringMatching(/riskPerTradeReason is required/) });
    expect(await t.db.riskConfig.findUnique({ where: { accountId } })).toBeNull();

    await admin.risk.updateConfig({ accountId, config: { maxAssetExposureFraction: 0.2, riskPerTradeFraction: 0.015, riskPerTradeReason: 'volatility is low; reviewed with the desk' } });
    const risk = await callerAs(t.db, users.VIEWER).risk.get({ accountId });
    expect(risk.effective).toMatchObject({ maxAssetExposureFraction: 0.2, riskPerTradeFraction: 0.015, maxTotalExposureFraction: 0.5 });
    expect(await t.db.auditLog.findFirst({ where: { action: 'risk.config.updated' } })).toMatchObject({ actorId: users.ADMIN.id });
    const r = await validateAndRecord(t.db, { accountId, intent: entry({ quantity: 0.1 }), market: MARKET, marks: {}, at });
    expect(r.decision).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.asset' });
    expect(r.decision.quantity * 50_000).toBeLessThanOrEqual(2_000);
    await admin.risk.updateConfig({ accountId, config: {} });
    expect((await callerAs(t.db, users.VIEWER).risk.get({ accountId })).effective.maxAssetExposureFraction).toBe(0.3);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
