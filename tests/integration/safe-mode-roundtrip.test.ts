import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { verifyAuditChain } from '@/adapters/repo/audit-log';
import type { SessionUser } from '@/server/auth/current-user';
import type { Role } from '@/generated/prisma/enums';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';
import { startWorker, waitFor, waitForHeartbeat, type WorkerProcess } from '../support/worker-process';

/**
 * The control channel end to end: operator → tRPC → command row + NOTIFY → a real
 * worker process LISTENing → applied and acknowledged. The worker's poll interval is
 * set to 60 s here, so only NOTIFY (or the start-up pass) can explain a fast apply.
 */
describe('safe mode round trip through LISTEN/NOTIFY', () => {
  let t: TestDb;
  let users: Record<Role, SessionUser>;
  let accountId: string;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    t = await createTestDb('safemode');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
    users = await seedUsers(t.db);
  });
  afterEach(async () => { await worker?.stop(); worker = undefined; });
  afterAll(async () => { await t.drop(); });

  const waitApplied = (commandId: string) => waitFor('command applied', async () => {
    const c = await t.db.controlCommand.findUniqueOrThrow({ where: { id: commandId } });
    return c.status === 'PENDING' ? null : c;
  });

  it('operator turns safe mode on; the running worker applies it and acknowledges', async () => {
    worker = startWorker(t.url);
    await waitForHeartbeat(t.db, worker.workerId);
    await waitFor('worker listening', async () => worker!.output().includes('"listening"'));
    const { commandId } = await callerAs(t.db, users.OPERATOR).control.setSafeMode({ accountId, isOn: true, isCloseAll: false, reason: 'integration' });

    const requested = await t.db.riskState.findUniqueOrThrow({ where: { accountId } });
    expect(requested.desiredSafeMode).toBe(true);

    const sentAt = Date.now();
    const cmd = await waitApplied(commandId);
    expect(cmd.status).toBe('APPLIED');
    expect(cmd.appliedBy).toBe(worker.workerId);
    expect(Date.now() - sentAt).toBeLessThan(10_000); // NOTIFY, not the 60 s poll

    const state = await t.db.riskState.findUniqueOrThrow({ where: { accountId } });
    expect(state).toMatchObject({ isSafeMode: true, desiredSafeMode: true, safeModeReason: 'integration' });

    const overview = await callerAs(t.db, users.VIEWER).overview.get();
    expect(overview.safeMode).toMatchObject({ desired: true, applied: true, lastCommand: { status: 'APPLIED', isOn: true, requestedBy: users.OPERATOR.email } });
    expect(overview.workers.find((w) => w.workerId === worker!.workerId)?.liveness).toBe('alive');

    const actions = (await t.db.auditLog.findMany({ orderBy: { seq: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['control.safe-mode.requested', 'control.set-safe-mode.applied']));
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    const journal = await t.db.journalEntry.findFirst({ where: { accountId, kind: 'CONTROL' }, orderBy: { id: 'desc' } });
    expect(journal?.message).toMatch(/safe mode on/);
  });

  it('the Overview never shows a command applied beside the state from before it (one snapshot)', async () => {
    worker = startWorker(t.url);
    await waitForHeartbeat(t.db, worker.workerId);
    for (const isOn of [false, true, false, true, false, true, false]) { // a race: several rounds to catch it
      const { commandId } = await callerAs(t.db, users.OPERATOR).control.setSafeMode({ accountId, isOn, isCloseAll: false });
      for (;;) {
        const o = await callerAs(t.db, users.VIEWER).overview.get();
        if (o.safeMode.lastCommand?.id !== commandId) continue;
        if (o.safeMode.lastCommand.status === 'APPLIED') {
          expect(o.safeMode.applied).toBe(isOn);
          break;
        }
      }
    }
  });

  it('a command written while no worker runs is applied when the worker starts', async () => {
    const { commandId } = await callerAs(t.db, users.ADMIN).control.setSafeMode({ accountId, isOn: false, isCloseAll: false });
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.db.controlCommand.findUniqueOrThrow({ where: { id: commandId } })).status).toBe('PENDING');
    worker = startWorker(t.url);
    await waitApplied(commandId);
    expect((await t.db.riskState.findUniqueOrThrow({ where: { accountId } })).isSafeMode).toBe(false);
  });

  it('with "close all", open positions go to CLOSE with their stops untouched', async () => {
    const pos = await t.db.position.create({
      data: { accountId, symbol: 'BTC/USDT', strategy: 'test', quantity: '0.01', entryPrice: '60000', stopPrice: '58000', targetPrice: '64000', initialRisk: '20', openedAt: new Date() },
    });
    worker = startWorker(t.url);
    await waitForHeartbeat(t.db, worker.workerId);
    const { commandId } = await callerAs(t.db, users.OPERATOR).control.setSafeMode({ accountId, isOn: true, isCloseAll: true, reason: 'drill' });
    const cmd = await waitApplied(commandId);
    expect(cmd.result).toMatchObject({ isSafeMode: true, closingPositions: 1 });
    const after = await t.db.position.findUniqueOrThrow({ where: { id: pos.id } });
    expect(after.status).toBe('CLOSING');
    expect(after.exitReason).toBe('SAFE_MODE');
    expect(after.stopPrice.toString()).toBe('58000');
  });

  it('refuses close-all without turning safe mode on (field named), and writes nothing', async () => {
    const before = await t.db.controlCommand.count();
    await expect(callerAs(t.db, users.OPERATOR).control.setSafeMode({ accountId, isOn: false, isCloseAll: true }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('isCloseAll') });
    expect(await t.db.controlCommand.count()).toBe(before);
  });

  it('the worker stops cleanly on SIGTERM and marks its heartbeat stopping', async () => {
    worker = startWorker(t.url);
    await waitForHeartbeat(t.db, worker.workerId);
    expect(await worker.stop()).toBe(0);
    const hb = await t.db.workerHeartbeat.findUniqueOrThrow({ where: { workerId: worker.workerId } });
    expect(hb.isStopping).toBe(true);
    worker = undefined;
  });
});
