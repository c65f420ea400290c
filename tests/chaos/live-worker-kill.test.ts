import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLiveChaos } from '@/tools/chaos/live-chaos';
import { createTestDb, type TestDb } from '../support/test-db';

const KILLS = Number(process.env.SENTINEL_CHAOS_KILLS ?? 30);
const SEED = Number(process.env.SENTINEL_CHAOS_SEED ?? 20261125);

/**
 * The live crash test (issue 8): the real worker in TRADING_MODE=live on the emulator with
 * random faults on, killed with SIGKILL at seeded random moments and restarted each time.
 * After every restart, once it has reconciled: every exchange order is known by client id,
 * no decision has two entries, every open position has a live stop on the exchange, the
 * balances are what the database's fills say, and the journal has no gap.
 * `npm run chaos -- --kills 500 --seed N` runs the same thing longer.
 */
describe('live mode survives SIGKILL of the worker under exchange faults', () => {
  let t: TestDb;
  beforeAll(async () => { t = await createTestDb('live_chaos'); }, 60_000);
  afterAll(async () => { await t.drop(); });

  it(`${KILLS} seeded kills (seed ${SEED}): every invariant holds after every restart`, async () => {
    const r = await runLiveChaos({ db: t.db, databaseUrl: t.url, kills: KILLS, seed: SEED, log: (l) => process.stdout.write(`${l}\n`) });
    process.stdout.write(`live chaos: ${r.kills} kills, ${r.orders} orders, ${r.positions} positions (${r.closed} closed), ${r.candles} candle times\n`);
    expect(r.violations).toEqual([]);
    expect(r.kills).toBe(KILLS);
    expect(r.positions).toBeGreaterThan(0);
  }, 900_000);
});
