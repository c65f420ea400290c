import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binanceClient } from '@/adapters/exchange/binance';
import { createLogger } from '@/adapters/logging/logger';
import { createBackupAccount } from '@/adapters/repo/accounts';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { liveInvariantViolations } from '@/tools/chaos/live-invariants';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { ExchangeHealth } from '@/worker/live/exchange-health';
import { LiveRunner } from '@/worker/live/live-runner';
import { createTestDb, type TestDb } from '../support/test-db';
import { emulatorMarkets } from '../support/live-fixture';

const PRIMARY_KEY = { apiKey: 'primaryKey00000001', secret: 'primary-secret' };
const BACKUP_KEY = { apiKey: 'backupKey000000001', secret: 'backup-secret' };
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

/**
 * The backup exchange (mission: "switch to a backup exchange"): two accounts on two
 * emulators with the same markets. The backup stands by while the primary answers; when the
 * primary's exchange is lost, new entries go to the backup while the primary's positions stay
 * protected by the stops resting on its exchange; when the primary returns it is reconciled
 * before it enters again, and the backup stands by again. Both books match their exchange.
 */
describe('live backup exchange: switch while the primary is down, return when it is back', () => {
  let t: TestDb;
  const log = createLogger('test', 'silent');
  const side = {} as Record<'primary' | 'backup', { id: string; emu: ExchangeEmulator; health: ExchangeHealth; runner: LiveRunner; key: typeof PRIMARY_KEY }>;

  const stepBoth = async () => {
    side.primary.emu.step(1);
    side.backup.emu.step(1);
    await side.primary.runner.tick();
    await side.backup.runner.tick();
  };
  const entries = (accountId: string) => t.db.order.count({ where: { accountId, purpose: 'ENTRY' } });
  const check = async (s: 'primary' | 'backup') => {
    side[s].emu.clearFaults();
    let isClean = false;
    for (let i = 0; i < 40 && !isClean; i++) isClean = (await side[s].runner.tick()).isClean;
    expect(isClean, `${s}: a clean pass`).toBe(true);
    expect(await liveInvariantViolations(t.db, side[s].emu, { accountId: side[s].id, apiKey: side[s].key.apiKey, quote: 'USDT', startQuote: 1000, timeframeMs: 3_600_000 })).toEqual([]);
  };

  beforeAll(async () => {
    t = await createTestDb('live_backup');
    const primaryId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
    const markets = emulatorMarkets(SYMBOLS, Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1));
    for (const [name, key] of [['primary', PRIMARY_KEY], ['backup', BACKUP_KEY]] as const) {
      const emu = new ExchangeEmulator({ markets, start: Date.UTC(2024, 2, 1), accounts: [{ ...key, balances: { USDT: 1000 } }], weightPerMinute: 1e9 });
      const url = await emu.listen();
      const id = name === 'primary' ? primaryId : (await createBackupAccount(t.db, { primaryId, name: 'Backup exchange', apiUrl: url, accountEquity: '10000', capitalAllocationCap: 1, now: new Date() })).id;
      const health = new ExchangeHealth(t.db, id, name, 1000, Date.now, 300);
      const ex = health.attach(binanceClient(url, key));
      ex.timeout = 600;
      const runner = await LiveRunner.open(t.db, ex, health, log, {
        accountId: id, exchange: 'binance', exchangeUrl: url, symbols: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'], timeframe: '1h',
        cfg: defaultBacktestConfig({ timeZone: 'UTC' }), workerLabel: `test-${name}`, reconcileEveryMs: 0, now: () => new Date(), submit: { baseDelayMs: 20, maxDelayMs: 100 },
        // as worker/main.ts wires it: the backup enters only while the primary's exchange is lost
        entryGate: name === 'backup' ? () => (side.primary.health.state.status === 'lost' ? null : 'live_backup_standby') : undefined,
      });
      side[name] = { id, emu, health, key, runner };
    }
  }, 60_000);
  afterAll(async () => { await side.primary?.emu.close(); await side.backup?.emu.close(); await t.drop(); });

  it('is created at the primary\'s stage with its own risk state and exchange URL', async () => {
    const b = await t.db.tradingAccount.findUniqueOrThrow({ where: { id: side.backup.id }, include: { currentStage: true, riskState: true } });
    expect(b).toMatchObject({ backupOfId: side.primary.id, apiUrl: side.backup.emu.url, kind: 'EXCHANGE' });
    expect(b.currentStage?.ordinal).toBe(1);
    expect(b.riskState?.stageCapital.toNumber()).toBe(500);
  });

  it('stands by while the primary trades: signals on the backup are journaled as standing by, nothing is sent', async () => {
    for (let i = 0; i < 24 * 60 && (await entries(side.primary.id)) < 2; i++) await stepBoth();
    expect(await entries(side.primary.id)).toBeGreaterThanOrEqual(2);
    expect(await entries(side.backup.id)).toBe(0);
    expect(await t.db.journalEntry.count({ where: { accountId: side.backup.id, rule: 'live_backup_standby' } })).toBeGreaterThan(0);
    expect(side.backup.emu.engine.orders.size).toBe(0);
  }, 120_000);

  it('the primary lost: new entries go to the backup; the primary\'s positions stay protected on its exchange', async () => {
    const primaryResting = [...side.primary.emu.engine.orders.values()].filter((o) => o.status === 'NEW').map((o) => o.clientOrderId);
    const primaryEntries = await entries(side.primary.id);
    side.primary.emu.faults.set({ faults: [{ kind: 'http5xx' }] });
    for (let i = 0; i < 24 * 90 && (await t.db.position.count({ where: { accountId: side.backup.id } })) === 0; i++) {
      await stepBoth();
      if (side.primary.health.state.status !== 'lost') await new Promise((r) => setTimeout(r, 30)); // the outage must last past the limit
    }
    expect(side.primary.health.state.status).toBe('lost');
    expect((await t.db.alert.findMany({ where: { accountId: side.primary.id, code: 'EXCHANGE_CONNECTIVITY_LOST', status: 'OPEN' } })).length).toBe(1);
    const backupPosition = await t.db.position.findFirstOrThrow({ where: { accountId: side.backup.id }, include: { orders: true } });
    expect(backupPosition.orders.some((o) => o.purpose === 'STOP')).toBe(true);
    expect(await entries(side.primary.id)).toBe(primaryEntries);
    for (const id of primaryResting) expect([...side.primary.emu.engine.orders.values()].find((o) => o.clientOrderId === id)?.status).not.toBe('CANCELED');
  }, 180_000);

  it('the primary back: reconciled before it enters again, the backup stands by again, both books match their exchange', async () => {
    const restoredAt = new Date();
    side.primary.emu.clearFaults();
    await stepBoth();
    expect(side.primary.health.state.status).toBe('up');
    expect((await t.db.alert.count({ where: { accountId: side.primary.id, code: 'EXCHANGE_CONNECTIVITY_RESTORED' } }))).toBe(1);
    expect((await t.db.liveSync.findUniqueOrThrow({ where: { accountId: side.primary.id } })).lastReconcileAt!.getTime()).toBeGreaterThanOrEqual(restoredAt.getTime());
    const backupEntries = await entries(side.backup.id);
    for (let i = 0; i < 24 * 20; i++) await stepBoth();
    expect(await entries(side.backup.id)).toBe(backupEntries);
    await check('primary');
    await check('backup');
  }, 180_000);
});
