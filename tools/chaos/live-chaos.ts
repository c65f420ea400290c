import type { Db } from '@/adapters/db/client';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { seeded } from '@/domain/random/seeded';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { emulatorMarkets, storeKey, TEST_ENCRYPTION_KEY } from '@/tests/support/live-fixture';
import { killWorker, startWorker, waitFor, type WorkerProcess } from '@/tests/support/worker-process';
import { liveInvariantViolations } from './live-invariants';

/**
 * The live crash test: the real worker process (TRADING_MODE=live) trades on the emulator
 * with random faults on (5xx, latency, dropped answers, time-outs, refused connections), and
 * is killed with SIGKILL at random moments (seeded: the same seed, the same moments and the
 * same faults). After each kill the market clock and the faults stop, the worker is started
 * again, and once it has reconciled and settled (a clean pass) every invariant is checked
 * against the emulator's own state (tools/chaos/live-invariants.ts). Then the clock and the
 * faults resume until the next kill.
 */
export interface LiveChaosOptions {
  db: Db;
  databaseUrl: string;
  kills: number;
  seed: number;
  /** the worker runs this long at most before a kill (ms); the moment is uniform in [minRunMs, maxRunMs] */
  minRunMs?: number;
  maxRunMs?: number;
  /** probability of a fault per exchange request while running */
  faultP?: number;
  /** candles per second while running */
  candlesPerSec?: number;
  log?: (line: string) => void;
}

export interface LiveChaosResult {
  kills: number;
  violations: { afterKill: number; lines: string[] }[];
  orders: number;
  positions: number;
  closed: number;
  candles: number;
}

const KEY = { apiKey: 'chaosLiveKey000001', secret: 'chaos-live-secret-0001' };
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const START_USDT = 500;

export async function runLiveChaos(o: LiveChaosOptions): Promise<LiveChaosResult> {
  const log = o.log ?? (() => undefined);
  const rnd = seeded(o.seed);
  const { db } = o;
  const accountId = (await ensureBaseData(db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
  if (!(await db.exchangeCredential.findFirst({ where: { accountId, status: 'ACTIVE' } }))) await storeKey(db, accountId, KEY);
  const emu = new ExchangeEmulator({ markets: emulatorMarkets(SYMBOLS, Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1)), start: Date.UTC(2024, 2, 1),
    accounts: [{ ...KEY, balances: { USDT: START_USDT } }], weightPerMinute: 1e9 });
  const url = await emu.listen();
  const env = {
    TRADING_MODE: 'live', EXCHANGE_API_URL: url, SENTINEL_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, LIVE_SYMBOLS: 'BTC/USDT,ETH/USDT,SOL/USDT', LIVE_TIMEFRAME: '1h',
    LIVE_POLL_INTERVAL_MS: '100', LIVE_RECONCILE_INTERVAL_MS: '400', EXCHANGE_TIMEOUT_MS: '800', EXCHANGE_LOST_AFTER_MS: '60000', LOG_LEVEL: 'warn',
  };
  const faults = () => emu.faults.set({ faults: [], random: { seed: Math.floor(rnd() * 2 ** 31), p: o.faultP ?? 0.04, kinds: ['http5xx', 'latency', 'dropResponse', 'timeout', 'refuse'], ms: 300 } });
  let clock: NodeJS.Timeout | undefined;
  const run = () => { faults(); clock = setInterval(() => emu.step(1), 1000 / (o.candlesPerSec ?? 10)); };
  const freeze = () => { clearInterval(clock); emu.clearFaults(); };
  const result: LiveChaosResult = { kills: 0, violations: [], orders: 0, positions: 0, closed: 0, candles: 0 };
  let worker: WorkerProcess | undefined;

  const restartAndCheck = async (afterKill: number) => {
    const startedAt = new Date();
    worker = startWorker(o.databaseUrl, env);
    try {
      await waitFor(`a clean pass of the live worker after kill ${afterKill}`, async () => {
        const s = await db.liveSync.findUnique({ where: { accountId } });
        return s?.lastCleanPassAt && s.lastCleanPassAt > startedAt ? s : null;
      }, 60_000, 100);
    } catch (e) {
      result.violations.push({ afterKill, lines: [`${(e as Error).message}\n${worker.output().slice(-2000)}`] });
      return;
    }
    const lines = await liveInvariantViolations(db, emu, { accountId, apiKey: KEY.apiKey, quote: 'USDT', startQuote: START_USDT, timeframeMs: 3_600_000 });
    if (lines.length) result.violations.push({ afterKill, lines });
    log(`kill ${afterKill}: restarted, reconciled, ${lines.length ? `${lines.length} VIOLATION(S)` : 'every invariant holds'}`);
  };

  try {
    await restartAndCheck(0);
    for (let k = 1; k <= o.kills; k++) {
      run();
      const ms = (o.minRunMs ?? 300) + rnd() * ((o.maxRunMs ?? 3000) - (o.minRunMs ?? 300));
      await new Promise((r) => setTimeout(r, ms));
      await killWorker(worker!);
      freeze();
      result.kills = k;
      await restartAndCheck(k);
    }
    await worker?.stop();
    worker = undefined;
  } finally {
    freeze();
    if (worker) await killWorker(worker);
    await emu.close();
  }
  result.orders = await db.order.count({ where: { accountId } });
  result.positions = await db.position.count({ where: { accountId } });
  result.closed = await db.position.count({ where: { accountId, status: 'CLOSED' } });
  result.candles = await db.equitySnapshot.count({ where: { accountId } });
  return result;
}
