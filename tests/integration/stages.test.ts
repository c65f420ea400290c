import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { createLogger } from '@/adapters/logging/logger';
import type { Role } from '@/generated/prisma/enums';
import type { SessionUser } from '@/server/auth/current-user';
import { serverEnv } from '@/server/env';
import { runAutoChecks } from '@/server/services/checklist/auto-checks';
import { promoteStage } from '@/server/services/stages/stage-actions';
import { CHECKLIST_ITEMS } from '@/domain/stages/checklist-items';
import { processPendingCommands } from '@/worker/control/process-commands';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';
import { seedGoodPaperHistory } from '../support/paper-history';

const log = createLogger('test', 'silent');
const currentStageId = (s: { stages: { id: string; isCurrent: boolean }[] }) => s.stages.find((x) => x.isCurrent)!.id;


describe('stages and checklist against PostgreSQL', () => {
  let t: TestDb;
  let accountId: string;
  let users: Record<Role, SessionUser>;

  beforeAll(async () => {
    t = await createTestDb('stages');
    accountId = (await ensureBaseData(t.db, { now: new Date('2026-01-01T00:00:00Z'), capitalAllocationCap: 1 })).account.id;
    users = await seedUsers(t.db);
  }, 60_000);
  afterAll(async () => { await t.drop(); });

  it('a fresh paper account: promotion blocked, every reason named, criteria insufficient rather than met', async () => {
    const s = await callerAs(t.db, users.VIEWER).stages.get();
    expect(s.current).toEqual({ ordinal: 1, name: 'Paper' });
    expect(s.next).toMatchObject({ ordinal: 2, name: 'Small live', mode: 'LIVE' });
    expect(s.stages.map((x) => [x.name, x.allocationFraction, x.isCurrent])).toEqual([['Paper', 0.05, true], ['Small live', 0.1, false], ['Medium live', 0.25, false], ['Full production', 1, false]]);
    expect(s.criteria.map((c) => [c.key, c.status])).toEqual([['sharpe', 'insufficient'], ['max_drawdown', 'insufficient'], ['violations', 'met'], ['stable_trades', 'insufficient']]);
    expect(s.gate.canPromote).toBe(false);
    expect(s.gate.reasons[0]).toBe('Small live trades live: the worker runs with TRADING_MODE=paper');
    expect(s.gate.reasons).toContain('Checklist: Position sizing verified — not ticked');
    expect(s.gate.reasons).toContain('Checklist: Key permissions minimal — check failed: no key: its permissions are read when it is verified (Settings → Verify key)');
    await expect(callerAs(t.db, users.OPERATOR).stages.promote({ accountId, toOrdinal: 2, note: 'ready for small live trading' }))
      .rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/^promotion to Small live is blocked: Small live trades live/) });
  });

  it('the checklist verifies what the system can, with evidence, and never shows a later check as done', async () => {
    const c = await callerAs(t.db, users.VIEWER).checklist.get();
    const item = (k: string) => c.items.find((i) => i.key === k)!;
    expect(item('env.runtime')).toMatchObject({ status: 'verified', evidence: expect.stringContaining(process.version) });
    expect(item('env.database')).toMatchObject({ status: 'verified', evidence: expect.stringMatching(/^\d+ of \d+ migrations applied/) });
    expect(item('env.dependencies')).toMatchObject({ status: 'verified' });
    expect(item('env.llm')).toMatchObject({ status: 'verified', evidence: 'LLM_ENABLED=false: the advisory is off' });
    expect(item('exchange.sandbox').status).toBe('verified');
    expect(item('env.credentials')).toMatchObject({ status: 'failed', evidence: expect.stringContaining('no exchange credentials') });
    expect(item('exchange.permissions').status).toBe('failed'); // no key yet: verifiable, and not verified
    expect(item('ops.backup')).toMatchObject({ status: 'failed', requiredFor: 4, evidence: expect.stringMatching(/^no backup yet/) });
    expect(item('testing.paper')).toMatchObject({ status: 'failed', evidence: expect.stringContaining('not enough data') });
    expect(item('risk.sizing')).toMatchObject({ status: 'unticked', isAutomatic: false });
  });

  it('an operator ticks and unticks a manual item (who, when, audited, idempotent); automatic items and viewers are refused', async () => {
    const op = callerAs(t.db, users.OPERATOR);
    expect(await op.checklist.setTick({ accountId, key: 'risk.sizing', isTicked: true, note: 'checked on 5 intents' })).toEqual({ changed: true });
    expect(await op.checklist.setTick({ accountId, key: 'risk.sizing', isTicked: true })).toEqual({ changed: false });
    let item = (await op.checklist.get()).items.find((i) => i.key === 'risk.sizing')!;
    expect(item).toMatchObject({ status: 'ticked', tickedBy: users.OPERATOR.email, note: 'checked on 5 intents' });
    expect(await op.checklist.setTick({ accountId, key: 'risk.sizing', isTicked: false })).toEqual({ changed: true });
    item = (await op.checklist.get()).items.find((i) => i.key === 'risk.sizing')!;
    expect(item.status).toBe('unticked');
    const audit = await t.db.auditLog.findMany({ where: { action: { startsWith: 'checklist.' } }, orderBy: { seq: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['checklist.ticked', 'checklist.unticked']);
    expect(await t.db.checklistTick.count({ where: { itemKey: 'risk.sizing' } })).toBe(1); // revoked, not deleted
    await expect(op.checklist.setTick({ accountId, key: 'env.runtime' as never, isTicked: true })).rejects.toThrow(/key: not a checklist item a person ticks/);
    await expect(callerAs(t.db, users.VIEWER).checklist.setTick({ accountId, key: 'risk.sizing', isTicked: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('with every criterion met, the checklist complete and live checks verified, promotion happens once however often it is sent', async () => {
    await seedGoodPaperHistory(t, accountId);
    const op = callerAs(t.db, users.OPERATOR);
    for (const [key, , , , isAutomatic] of CHECKLIST_ITEMS) if (!isAutomatic) await op.checklist.setTick({ accountId, key: key as never, isTicked: true });
    const s = await op.stages.get();
    expect(s.criteria.every((c) => c.status === 'met')).toBe(true);
    // what live trading adds: the exchange checks (the key authenticates and cannot withdraw) and TRADING_MODE=live
    const env = { ...serverEnv(), TRADING_MODE: 'live' as const };
    const autoChecks: typeof runAutoChecks = async (c) => {
      const real = await runAutoChecks(c);
      const ok = { status: 'verified' as const, evidence: 'verified against the exchange', checkedAt: c.now };
      return { ...real, 'env.credentials': ok, 'exchange.permissions': ok, 'exchange.withdrawals': ok };
    };
    const actor = { id: users.OPERATOR.id, label: users.OPERATOR.email, ip: '127.0.0.1' };
    // the gate reads the key's withdrawal permission from its row, whatever the checks say: a verified trade-only key
    await t.db.exchangeCredential.create({ data: { accountId, apiKeyEnc: 'v1:x', apiSecretEnc: 'v1:x', keyLast4: 'TRAD', verifiedAt: new Date(), hasWithdrawPermission: false } });
    // a paper replay's simulated cash follows the new stage capital
    await t.db.paperReplay.create({ data: { accountId, cash: 500, feed: {} } });
    const input = { accountId, toOrdinal: 2, note: 'paper criteria met over 60 days' };
    const [a, b] = await Promise.all([promoteStage(t.db, actor, input, env, new Date(), { autoChecks }), promoteStage(t.db, actor, input, env, new Date(), { autoChecks })]);
    expect(a.transitionId).toBe(b.transitionId);
    expect([a.isDuplicate, b.isDuplicate].sort()).toEqual([false, true]);
    const account = await t.db.tradingAccount.findUniqueOrThrow({ where: { id: accountId }, include: { currentStage: true } });
    expect(account.currentStage?.name).toBe('Small live');
    const rs = await t.db.riskState.findUniqueOrThrow({ where: { accountId } });
    expect(rs.stageCapital.toNumber()).toBe(1000); // 10% of 10,000
    expect(rs.peakEquity.toNumber()).toBe(1000);
    const tr = await t.db.stageTransition.findUniqueOrThrow({ where: { id: a.transitionId } });
    expect(tr).toMatchObject({ kind: 'PROMOTION', reason: 'paper criteria met over 60 days', actorId: users.OPERATOR.id });
    expect((tr.evidence as { criteria: unknown[] }).criteria).toHaveLength(4);
    expect(await t.db.auditLog.count({ where: { action: 'stage.promoted' } })).toBe(1);
    expect((await t.db.paperReplay.findUniqueOrThrow({ where: { accountId } })).cash.toNumber()).toBe(1000);
  });

  it('rollback: the worker cancels pending entries, closes positions and steps down to the previous stage; the page shows each step', async () => {
    const open = await t.db.position.create({ data: { accountId, symbol: 'ETH/USDT', strategy: 'ema_cross', quantity: 0.1, entryPrice: 3000, stopPrice: 2900, initialRisk: 10, openedAt: new Date() } });
    await t.db.order.create({ data: { accountId, clientOrderId: 'snl-test-entry', symbol: 'SOL/USDT', side: 'BUY', type: 'MARKET', purpose: 'ENTRY', status: 'SUBMITTED', quantity: 1 } });
    const op = callerAs(t.db, users.OPERATOR);
    const fromStageId = (await op.stages.get()).stages.find((x) => x.isCurrent)!.id;
    await expect(callerAs(t.db, users.VIEWER).stages.rollback({ accountId, fromStageId, reason: 'slippage above paper' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(op.stages.rollback({ accountId, fromStageId, reason: 'short' })).rejects.toThrow(/reason: at least 10 characters/);
    const [a, b] = await Promise.all([op.stages.rollback({ accountId, fromStageId, reason: 'slippage above paper for a week' }), op.stages.rollback({ accountId, fromStageId, reason: 'slippage above paper for a week' })]);
    expect(a.commandId).toBe(b.commandId);
    expect((await op.stages.get()).rollback).toMatchObject({ status: 'PENDING', steps: [] });
    // no promotion while a rollback waits for the worker
    await expect(op.stages.promote({ accountId, toOrdinal: 3, note: 'promote while rolling back' })).rejects.toThrow(/a rollback is waiting for the worker/);

    expect(await processPendingCommands(t.db, log, 'test-worker', () => new Date(), { capitalAllocationCap: 1 })).toBe(1);
    // a click that arrives after the worker applied the first: the same command, not a second step down
    expect((await op.stages.rollback({ accountId, fromStageId, reason: 'slippage above paper for a week' })).commandId).toBe(a.commandId);
    const s = await op.stages.get();
    expect(s.current.name).toBe('Paper');
    expect(s.rollback).toMatchObject({ status: 'APPLIED', reason: 'slippage above paper for a week', requestedBy: users.OPERATOR.email });
    expect(s.rollback!.steps.map((x) => [x.step, x.status])).toEqual([['cancel_orders', 'done'], ['close_positions', 'in_progress'], ['reduce_allocation', 'done']]);
    expect(s.rollback!.steps[1]!.progress).toEqual({ closed: 0, total: 1 });
    expect(s.rollback!.steps[2]!.detail).toBe('Small live → Paper: allocation 5%, capital 500.00');
    expect(await t.db.order.findUniqueOrThrow({ where: { clientOrderId: 'snl-test-entry' } })).toMatchObject({ status: 'CANCELED' });
    expect(await t.db.position.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({ status: 'CLOSING', exitReason: 'ROLLBACK' });
    expect((await t.db.riskState.findUniqueOrThrow({ where: { accountId } })).stageCapital.toNumber()).toBe(500);
    expect((await t.db.paperReplay.findUniqueOrThrow({ where: { accountId } })).cash.toNumber()).toBe(500);
    expect(s.transitions[0]).toMatchObject({ kind: 'ROLLBACK', from: 'Small live', to: 'Paper' });

    // the position's exit fills: the step reads done
    await t.db.position.update({ where: { id: open.id }, data: { status: 'CLOSED', closedAt: new Date(), exitPrice: 2950, realizedPnl: -5 } });
    expect((await op.stages.get()).rollback!.steps[1]).toMatchObject({ status: 'done', progress: { closed: 1, total: 1 } });

    // at the first stage a rollback still cancels and closes; there is no lower allocation, and it says so
    await op.stages.rollback({ accountId, fromStageId: currentStageId(await op.stages.get()), reason: 'second rollback, at paper' });
    await processPendingCommands(t.db, log, 'test-worker', () => new Date(), { capitalAllocationCap: 1 });
    const again = await op.stages.get();
    expect(again.current.name).toBe('Paper');
    expect(again.rollback!.steps[2]).toMatchObject({ step: 'reduce_allocation', status: 'skipped', detail: 'Paper is the first stage: the allocation stays at 5%' });
  });
});
