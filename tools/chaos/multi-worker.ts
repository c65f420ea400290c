import type { Db } from '@/adapters/db/client';
import { createAccount, DEFAULT_PAPER_EQUITY, ensureBaseData } from '@/adapters/repo/bootstrap';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { emulatorMarkets, storeKey, TEST_ENCRYPTION_KEY } from '@/tests/support/live-fixture';
import { startWorker, waitFor, type WorkerProcess } from '@/tests/support/worker-process';
import { accountsHeld } from '@/adapters/repo/leases';
import { liveInvariantViolations } from './live-invariants';

/**
 * Several live workers on one PostgreSQL (docs/scaling.md), for the chaos test and the
 * lease-takeover benchmark: accounts on the exchange emulator, each with its own key, traded
 * by worker processes that share them through leases. Read from the database's lease rows and
 * the emulator's own state, never from the workers' word.
 */
export interface Fleet {
  accounts: { id: string; apiKey: string }[];
  emu: ExchangeEmulator;
  workers: WorkerProcess[];
  /** starts one more worker process (live mode, on the emulator) */
  addWorker(extraEnv?: Record<string, string>): WorkerProcess;
  /** the emulator's market clock runs (candles per second), with random faults at probability p per request */
  run(o?: { candlesPerSec?: number; faultP?: number; seed?: number }): void;
  /** the market clock and the faults stop */
  freeze(): void;
  /** valid account leases now: accountId → { ownerId, epoch } */
  owners(): Promise<Map<string, { ownerId: string; epoch: number }>>;
  /** the same, by worker: workerId → the accounts it validly holds */
  holdings(): Promise<Map<string, string[]>>;
  /** every account has had a clean live pass (reconciled, settled) after `since` */
  settled(since: Date, timeoutMs?: number): Promise<void>;
  /** the live invariants of tools/chaos/live-invariants.ts, account by account */
  violations(): Promise<string[]>;
  close(): Promise<void>;
}

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
export const FLEET_START_USDT = 500;

export async function startFleet(db: Db, databaseUrl: string, o: { accounts: number; leaseTtlMs: number; leaseRenewMs: number; logLevel?: string }): Promise<Fleet> {
  const base = (await ensureBaseData(db, { now: new Date(), capitalAllocationCap: 1 })).account;
  const accounts: Fleet['accounts'] = [];
  for (let i = 0; i < o.accounts; i++) {
    const id = i === 0 ? base.id : (await db.$transaction((tx) => createAccount(tx, { name: `fleet-${i}`, kind: 'EXCHANGE', exchange: 'binance', accountEquity: DEFAULT_PAPER_EQUITY,
      stageOrdinal: 1, capitalAllocationCap: 1, now: new Date(), reason: 'multi-worker test' }))).id;
    const key = { apiKey: `fleetKey${String(i).padStart(10, '0')}`, secret: `fleet-secret-${i}-000000` };
    if (!(await db.exchangeCredential.findFirst({ where: { accountId: id, status: 'ACTIVE' } }))) await storeKey(db, id, key);
    accounts.push({ id, apiKey: key.apiKey });
  }
  const emu = new ExchangeEmulator({ markets: emulatorMarkets(SYMBOLS, Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1)), start: Date.UTC(2024, 2, 1),
    accounts: accounts.map((a, i) => ({ apiKey: a.apiKey, secret: `fleet-secret-${i}-000000`, balances: { USDT: FLEET_START_USDT } })), weightPerMinute: 1e9 });
  const url = await emu.listen();
  const env = {
    TRADING_MODE: 'live', EXCHANGE_API_URL: url, SENTINEL_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, LIVE_SYMBOLS: 'BTC/USDT,ETH/USDT,SOL/USDT', LIVE_TIMEFRAME: '1h',
    LIVE_POLL_INTERVAL_MS: '100', LIVE_RECONCILE_INTERVAL_MS: '400', EXCHANGE_TIMEOUT_MS: '800', EXCHANGE_LOST_AFTER_MS: '60000', LOG_LEVEL: o.logLevel ?? 'info',
    LEASE_TTL_MS: String(o.leaseTtlMs), LEASE_RENEW_INTERVAL_MS: String(o.leaseRenewMs), HEARTBEAT_INTERVAL_MS: '500',
  };
  const workers: WorkerProcess[] = [];
  let clock: NodeJS.Timeout | undefined;
  const fleet: Fleet = {
    accounts, emu, workers,
    addWorker(extraEnv = {}) { const w = startWorker(databaseUrl, { ...env, ...extraEnv }); workers.push(w); return w; },
    run(r = {}) {
      if (r.faultP) emu.faults.set({ faults: [], random: { seed: r.seed ?? 1, p: r.faultP, kinds: ['http5xx', 'latency', 'dropResponse', 'timeout', 'refuse'], ms: 300 } });
      clock = setInterval(() => emu.step(1), 1000 / (r.candlesPerSec ?? 10));
    },
    freeze() { clearInterval(clock); emu.clearFaults(); },
    owners: () => accountsHeld(db),
    async holdings() {
      const by = new Map<string, string[]>();
      for (const [acc, o] of await accountsHeld(db)) by.set(o.ownerId, [...(by.get(o.ownerId) ?? []), acc]);
      return by;
    },
    async settled(since, timeoutMs = 60_000) {
      const rows = () => db.liveSync.findMany({ where: { accountId: { in: accounts.map((a) => a.id) } } });
      try {
        await waitFor('a clean live pass of every account', async () => {
          const r = await rows();
          return r.length === accounts.length && r.every((s) => s.lastCleanPassAt && s.lastCleanPassAt > since);
        }, timeoutMs, 100);
      } catch (e) {
        // say which account is stuck and why, with the workers' last words
        const state = (await rows()).map((s) => `${s.accountId.slice(0, 8)} clean ${s.lastCleanPassAt?.toISOString()} error ${s.lastError}`).join('; ');
        if (process.env.SENTINEL_FLEET_DUMP) for (const w of workers) (await import('node:fs')).writeFileSync(`${process.env.SENTINEL_FLEET_DUMP}-${w.workerId}.log`, w.output());
        const logs = workers.map((w) => `--- ${w.workerId}\n${w.output().split('\n').filter((l) => /"level":(40|50)/.test(l)).slice(-8).join('\n')}`).join('\n');
        throw new Error(`${(e as Error).message} (since ${since.toISOString()}): ${state}\n${logs}`, { cause: e });
      }
    },
    async violations() {
      const out: string[] = [];
      for (const a of accounts) {
        for (const line of await liveInvariantViolations(db, emu, { accountId: a.id, apiKey: a.apiKey, quote: 'USDT', startQuote: FLEET_START_USDT, timeframeMs: 3_600_000 })) out.push(`${a.id.slice(0, 8)}: ${line}`);
      }
      // fencing, as the database recorded it: every exchange order carries an epoch, and per
      // account no order of an older epoch was written after one of a newer epoch
      const orders = await db.order.findMany({ where: { accountId: { in: accounts.map((a) => a.id) }, venue: 'EXCHANGE' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { accountId: true, clientOrderId: true, leaseEpoch: true, createdAt: true } });
      const newest = new Map<string, number>();
      for (const r of orders) {
        if (r.leaseEpoch === null) { out.push(`order ${r.clientOrderId} carries no lease epoch`); continue; }
        const seen = newest.get(r.accountId) ?? 0;
        if (r.leaseEpoch < seen) out.push(`order ${r.clientOrderId} written under epoch ${r.leaseEpoch} after an order of epoch ${seen}`);
        newest.set(r.accountId, Math.max(seen, r.leaseEpoch));
      }
      return out;
    },
    async close() {
      clearInterval(clock);
      for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) { w.child.kill('SIGCONT'); await w.stop(); }
      await emu.close();
    },
  };
  return fleet;
}

/** Waits until `accountIds` are all validly leased by workers other than `from`; returns the ms it took from `sinceMs` (performance.now()). */
export async function waitTakeover(fleet: Fleet, fromWorkerId: string, accountIds: string[], sinceMs: number, timeoutMs = 60_000): Promise<number> {
  await waitFor(`accounts of ${fromWorkerId} taken over`, async () => {
    const owners = await fleet.owners();
    return accountIds.every((a) => owners.has(a) && owners.get(a)!.ownerId !== fromWorkerId);
  }, timeoutMs, 25);
  return performance.now() - sinceMs;
}
