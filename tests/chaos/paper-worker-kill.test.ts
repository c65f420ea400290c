import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { createTestDb, type TestDb } from '../support/test-db';
import { startWorker, waitFor, type WorkerProcess } from '../support/worker-process';

/**
 * The real worker process in paper mode, killed with SIGKILL in the middle of its replay
 * (no shutdown code runs), then started again: it resumes after its last committed tick.
 */
describe('paper mode survives SIGKILL of the worker process', () => {
  let t: TestDb;
  let accountId: string;
  let worker: WorkerProcess | undefined;
  const env = { REPLAY_SPEED: '1000000', REPLAY_DATA: 'data/binance_BTCUSDT_1h.csv.gz,data/binance_ETHUSDT_1h.csv.gz,data/binance_SOLUSDT_1h.csv.gz', REPLAY_START: '2025-06-01' };
  const cursorOf = async () => (await t.db.paperReplay.findUnique({ where: { accountId } }))?.cursorTime?.getTime() ?? 0;

  beforeAll(async () => {
    t = await createTestDb('paper_kill');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
  }, 60_000);
  afterAll(async () => { if (worker) await worker.stop(); await t.drop(); });

  it('resumes after its last committed tick with nothing duplicated and every open position protected by its stop', async () => {
    worker = startWorker(t.url, env);
    const start = Date.parse('2025-06-01');
    await waitFor('the replay to reach 2025-07', async () => (await cursorOf()) > Date.parse('2025-07-01'), 60_000);
    // the worker is the spawned node process itself (node --import tsx): SIGKILL, no shutdown code runs
    worker.child.kill('SIGKILL');
    await new Promise((r) => worker!.child.once('exit', r));
    const atKill = await cursorOf();
    expect(atKill).toBeGreaterThan(start);

    worker = startWorker(t.url, env);
    await waitFor('the replay to move past the kill', async () => (await cursorOf()) > atKill + 20 * 86_400_000, 60_000);
    expect(worker.output()).toContain('paper replay resumed from the database');
    await worker.stop();
    worker = undefined;

    // one equity snapshot per candle time: nothing written twice across the kill
    const [snap] = await t.db.$queryRaw<{ n: bigint; d: bigint }[]>`SELECT count(*) AS n, count(DISTINCT at) AS d FROM "EquitySnapshot" WHERE "accountId" = ${accountId}::uuid`;
    expect(snap!.n).toBe(snap!.d);
    expect(Number(snap!.n)).toBeGreaterThan(24 * 45);
    // every position that opened has exactly one entry fill; open ones rest with their stop
    const positions = await t.db.position.findMany({ where: { accountId }, include: { orders: true } });
    expect(positions.length).toBeGreaterThan(0);
    for (const p of positions) {
      const entries = p.orders.filter((o) => o.purpose === 'ENTRY');
      expect(entries).toHaveLength(1);
      expect(await t.db.fill.count({ where: { orderId: entries[0]!.id } })).toBe(1);
      if (p.status !== 'CLOSED') expect(p.orders.some((o) => o.purpose === 'STOP' && o.status === 'OPEN')).toBe(true);
      else expect(p.orders.filter((o) => o.status === 'OPEN' || o.status === 'SUBMITTED')).toEqual([]);
    }
    // the simulated cash equals the stage capital plus what the trades and the open entries say
    const replay = await t.db.paperReplay.findUniqueOrThrow({ where: { accountId } });
    const rs = await t.db.riskState.findUniqueOrThrow({ where: { accountId } });
    let cash = rs.stageCapital.toNumber();
    for (const p of positions) {
      cash -= p.quantity.toNumber() * p.entryPrice.toNumber();
      if (p.status === 'CLOSED') cash += p.quantity.toNumber() * p.exitPrice!.toNumber() - p.fees.toNumber();
      else cash -= p.fees.toNumber();
    }
    expect(replay.cash.toNumber()).toBeCloseTo(cash, 6);
  }, 150_000);
});
