import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/adapters/db/client';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { verifyAuditChain } from '@/adapters/repo/audit-log';
import { lockAccount } from '@/adapters/repo/risk-state';
import { changeStage } from '@/adapters/repo/stages';
import { checkRollbackTriggers, SYSTEM_ACTOR } from '@/adapters/repo/rollback-triggers';
import { STRATEGY_NAMES } from '@/domain/strategies/registry';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';
import { startWorker, waitFor, waitForHeartbeat, type WorkerProcess } from '../support/worker-process';

/**
 * Each automatic rollback trigger end to end: an account at stage 2 (Small live) with the
 * evidence seeded in its rows, a real worker process whose monitor evaluates the triggers,
 * requests the rollback as the system, and whose command loop carries it out. The worker
 * runs TRADING_MODE=live with no exchange key, so no trading loop writes rows of its own.
 */
const DAY = 86_400_000;
const NOW = Date.now();
const STAGE2_AT = new Date(NOW - 45 * DAY);

describe('automatic rollback', () => {
  let t: TestDb;
  let accountId: string;
  let worker: WorkerProcess | undefined;
  const dbs: TestDb[] = [];

  beforeEach(async () => {
    t = await createTestDb('auto_rollback');
    dbs.push(t);
    accountId = (await ensureBaseData(t.db, { now: new Date(NOW - 100 * DAY), capitalAllocationCap: 1 })).account.id;
  });
  afterEach(async () => {
    if (worker) {
      const code = await worker.stop();
      if (code !== 0) process.stderr.write(worker.output().slice(-3000));
    }
    worker = undefined;
  });
  afterAll(async () => { for (const d of dbs) await d.drop(); });

  async function promoteToStage2(db: Db) {
    await db.$transaction(async (tx) => {
      await lockAccount(tx, accountId);
      const s2 = await tx.stage.findFirstOrThrow({ where: { accountId, ordinal: 2 } });
      await changeStage(tx, { accountId, toStageId: s2.id, kind: 'PROMOTION', reason: 'test promotion', evidence: {}, actor: { id: null, label: 'test' }, capitalAllocationCap: 1, now: STAGE2_AT });
    });
  }

  /** daily equity snapshots at noon from the returns, starting at `from` */
  async function seedEquity(db: Db, from: number, returns: readonly number[], start = 1000) {
    let equity = start;
    const rows = [{ at: new Date(from), equity }];
    for (const r of returns) { equity *= 1 + r; rows.push({ at: new Date(from + rows.length * DAY), equity }); }
    await db.equitySnapshot.createMany({ data: rows.map((x) => ({ accountId, at: x.at, equity: x.equity.toFixed(8), cash: x.equity.toFixed(8), exposure: '0', realizedPnl: '0', unrealizedPnl: '0', drawdownFraction: '0' })) });
  }

  /** entry fills `bps` above the price their decision expected */
  async function seedFills(db: Db, from: number, n: number, bps: number) {
    for (let k = 0; k < n; k++) {
      const at = new Date(from + k * 3_600_000);
      const j = await db.journalEntry.create({ data: { accountId, at, kind: 'DECISION', outcome: 'APPROVED', message: 'seeded', details: { intent: { entryPrice: 100 } } } });
      const o = await db.order.create({ data: { accountId, clientOrderId: `seed-${from}-${k}`, symbol: 'BTC/USDT', side: 'BUY', type: 'MARKET', purpose: 'ENTRY', status: 'FILLED',
        quantity: '1', filledQuantity: '1', avgFillPrice: (100 * (1 + bps / 10_000)).toFixed(8), decisionId: j.id, venue: 'EXCHANGE', createdAt: at } });
      await db.fill.create({ data: { accountId, orderId: o.id, exchangeTradeId: `t-${from}-${k}`, symbol: 'BTC/USDT', side: 'BUY', quantity: '1', price: (100 * (1 + bps / 10_000)).toFixed(8), filledAt: at } });
    }
  }

  async function runWorkerUntilRolledBack(trigger: string) {
    worker = startWorker(t.url, { TRADING_MODE: 'live', ROLLBACK_CHECK_INTERVAL_MS: '300' });
    await waitForHeartbeat(t.db, worker.workerId);
    const row = await waitFor(`${trigger} fired`, async () => {
      const r = await t.db.rollbackTrigger.findUnique({ where: { accountId_trigger: { accountId, trigger } } });
      return r?.status === 'FIRED' && r.firedAt ? r : null;
    }, 30_000).catch(async (e: Error) => {
      const rows = await t.db.rollbackTrigger.findMany({ where: { accountId } });
      throw new Error(`${e.message}; triggers: ${rows.map((r) => `${r.trigger} ${r.status}: ${r.message}`).join(' | ')}; worker: ${worker?.output().slice(-1500)}`);
    });
    const cmd = await waitFor('rollback applied', async () => {
      const c = await t.db.controlCommand.findFirst({ where: { accountId, type: 'ROLLBACK_STAGE' } });
      return c && c.status !== 'PENDING' ? c : null;
    }, 30_000);
    expect(cmd).toMatchObject({ status: 'APPLIED', appliedBy: worker.workerId, requestedById: null });
    expect(cmd.payload).toMatchObject({ requestedBy: SYSTEM_ACTOR, isAutomatic: true });

    const account = await t.db.tradingAccount.findUniqueOrThrow({ where: { id: accountId }, include: { currentStage: true } });
    expect(account.currentStage?.ordinal).toBe(1);
    const transition = await t.db.stageTransition.findFirstOrThrow({ where: { accountId, kind: 'ROLLBACK' } });
    expect(transition).toMatchObject({ isAutomatic: true, actorId: null });
    expect(transition.reason).toMatch(new RegExp(`automatic rollback from Small live: ${trigger.replace(/_/g, ' ')}`));

    const alert = await t.db.alert.findFirstOrThrow({ where: { accountId, code: 'AUTO_ROLLBACK' } });
    expect(alert.severity).toBe('CRITICAL');
    expect(alert.evidence).toMatchObject({ stage: 'Small live', triggers: [expect.objectContaining({ trigger })] });

    const audit = await t.db.auditLog.findMany({ where: { accountId }, orderBy: { seq: 'asc' } });
    expect(audit.find((a) => a.action === 'stage.rollback.automatic')).toMatchObject({ actorLabel: SYSTEM_ACTOR, actorId: null, targetId: cmd.id });
    expect(audit.map((a) => a.action)).toContain('control.rollback-stage.applied');
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    // at the first stage there is nothing lower: the triggers report so and never fire again
    await waitFor('triggers re-evaluated at stage 1', async () => {
      const rows = await t.db.rollbackTrigger.findMany({ where: { accountId } });
      return rows.length === 4 && rows.every((r) => r.status === 'NOT_APPLICABLE') ? rows : null;
    }, 10_000);
    expect(await t.db.controlCommand.count({ where: { accountId, type: 'ROLLBACK_STAGE' } })).toBe(1);
    return { row, cmd };
  }

  it('Sharpe degraded by more than 20% against the paper stage rolls back', async () => {
    // paper: strong and steady (one dip, the deepest drawdown); small live: flat and noisy, shallower
    await seedEquity(t.db, NOW - 90 * DAY, Array.from({ length: 40 }, (_, k) => (k === 20 ? -0.05 : 0.01)));
    await promoteToStage2(t.db);
    await seedEquity(t.db, STAGE2_AT.getTime() + DAY / 2, Array.from({ length: 40 }, (_, k) => (k % 2 ? -0.002 : 0.003)));
    const { row } = await runWorkerUntilRolledBack('sharpe_degradation');
    expect(row.evidence).toMatchObject({ baselineStage: 'Paper', dailyReturns: 40, baselineDailyReturns: 40 });
    expect((row.evidence as { sharpe: number; floor: number }).sharpe).toBeLessThan((row.evidence as { floor: number }).floor);
    // the Stages page: the rollback by the system, and the triggers as re-evaluated at the paper stage
    const users = await seedUsers(t.db);
    const page = await callerAs(t.db, users.VIEWER).stages.get({ accountId });
    expect(page.rollback).toMatchObject({ status: 'APPLIED', requestedBy: SYSTEM_ACTOR });
    expect(page.transitions[0]).toMatchObject({ kind: 'ROLLBACK', isAutomatic: true, actor: 'system' });
    expect(page.triggers.map((x) => x.trigger)).toEqual(['sharpe_degradation', 'drawdown_beyond_max', 'slippage_increase', 'risk_violation']);
  }, 90_000);

  it('a drawdown beyond the worst backtest of the strategy set rolls back', async () => {
    await t.db.backtestRun.create({ data: { status: 'SUCCEEDED', strategy: STRATEGY_NAMES.join(','), symbols: ['BTC/USDT'], timeframe: '1h', fromTime: new Date(0), toTime: new Date(DAY),
      params: {}, metrics: { maxDrawdown: 0.03 }, finishedAt: new Date(NOW - 60 * DAY) } });
    await promoteToStage2(t.db);
    await seedEquity(t.db, STAGE2_AT.getTime() + DAY / 2, [0.01, -0.02, -0.02, -0.02, 0.005]);
    const { row } = await runWorkerUntilRolledBack('drawdown_beyond_max');
    expect(row.evidence).toMatchObject({ historicalMax: 0.03 });
    expect((row.evidence as { drawdown: number }).drawdown).toBeGreaterThan(0.05);
  }, 90_000);

  it('median slippage of the last 50 fills more than double the paper stage and above 5 bps rolls back', async () => {
    await seedFills(t.db, NOW - 90 * DAY, 30, 2);
    await promoteToStage2(t.db);
    await seedFills(t.db, STAGE2_AT.getTime() + DAY, 50, 12);
    const { row } = await runWorkerUntilRolledBack('slippage_increase');
    expect(row.evidence).toMatchObject({ baselineStage: 'Paper' });
    expect((row.evidence as { medianBps: number }).medianBps).toBeCloseTo(12, 6);
    expect((row.evidence as { baselineMedianBps: number }).baselineMedianBps).toBeCloseTo(2, 6);
  }, 90_000);

  it('a risk-rule violation found by MONITOR rolls back, closing the position behind it', async () => {
    await promoteToStage2(t.db);
    const rs = await t.db.riskState.findUniqueOrThrow({ where: { accountId } });
    // 45% of the bot's equity in one asset: beyond the 30% cap and its drift tolerance
    const qty = (rs.equity.toNumber() * 0.45) / 100;
    const p = await t.db.position.create({ data: { accountId, symbol: 'BTC/USDT', strategy: 'ema_cross', quantity: qty.toFixed(8), entryPrice: '100', stopPrice: '95', initialRisk: '1',
      openedAt: new Date(NOW - DAY), venue: 'EXCHANGE' } });
    const { row, cmd } = await runWorkerUntilRolledBack('risk_violation');
    const v = await t.db.riskViolation.findFirstOrThrow({ where: { accountId } });
    expect(v).toMatchObject({ rule: 'exposure.asset', evidence: { subject: 'BTC', limit: 0.3 } });
    expect(row.message).toMatch(/exposure.asset BTC/);
    expect(cmd.result).toMatchObject({ steps: expect.arrayContaining([expect.objectContaining({ step: 'close_positions', positionIds: [p.id] })]) });
    expect((await t.db.position.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('CLOSING');
    // the Risk page lists it
    const users = await seedUsers(t.db);
    const risk = await callerAs(t.db, users.VIEWER).risk.get({ accountId });
    expect(risk.violations).toEqual([expect.objectContaining({ rule: 'exposure.asset', subject: 'BTC' })]);
  }, 90_000);

  it('thin evidence never fires: Sharpe with 29 daily returns, slippage with 49 fills', async () => {
    await seedEquity(t.db, NOW - 90 * DAY, Array.from({ length: 40 }, (_, k) => (k === 10 ? -0.02 : 0.01)));
    await seedFills(t.db, NOW - 90 * DAY, 30, 1);
    await promoteToStage2(t.db);
    await seedEquity(t.db, STAGE2_AT.getTime() + DAY / 2, Array.from({ length: 29 }, (_, k) => (k % 2 ? -0.004 : 0.004)));
    await seedFills(t.db, STAGE2_AT.getTime() + DAY, 49, 40);
    const check = await t.db.$transaction((tx) => checkRollbackTriggers(tx, accountId, new Date(), STRATEGY_NAMES));
    expect(Object.fromEntries(check.results.map((r) => [r.trigger, r.status]))).toEqual({
      sharpe_degradation: 'NOT_ENOUGH_DATA', drawdown_beyond_max: 'OK', slippage_increase: 'NOT_ENOUGH_DATA', risk_violation: 'OK',
    });
    expect(check.rollbackCommandId).toBeNull();
    expect(await t.db.alert.count({ where: { code: 'AUTO_ROLLBACK' } })).toBe(0);
  });
});
